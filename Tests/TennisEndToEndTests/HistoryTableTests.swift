import Foundation
import TennisRecords
import Testing

@testable import tennis

/// `tennis history` marks a player who played without a key, and says what the mark means.
@Suite struct HistoryTableTests {
    static func match(fingerprints: [String?]) -> HistoryMatch {
        let lines = zip(["Ann", "Bot L3"], fingerprints).map { name, fingerprint in
            HistoryMatch.PlayerLine(name: name, pointsWon: 8, servePoints: 8, servePointsWon: 5, returnPoints: 8,
                                    returnPointsWon: 3, aces: 1, doubleFaults: 0, ratingBefore: nil,
                                    ratingAfter: nil, fingerprint: fingerprint)
        }
        return HistoryMatch(id: 7, code: "K7QM2P", players: ["Ann", "Bot L3"], format: "short", surface: "hard",
                            started: Date(timeIntervalSince1970: 0), ended: Date(timeIntervalSince1970: 60),
                            score: "4-2", sets: [], winner: "Ann", ending: "played", points: 16, longestRally: 5,
                            stats: lines)
    }

    @Test func anAnonymousPlayerIsMarkedAndExplained() {
        let table = HistoryCommand.table([Self.match(fingerprints: ["SHA256:abc", nil])])
        #expect(table.contains("Ann v Bot L3 (anon)"), "\(table)")
        #expect(table.hasSuffix("(anon): played without a key (tennis whoami), so the match was not rated"))
    }

    @Test func keyedPlayersAreNotMarked() {
        let table = HistoryCommand.table([Self.match(fingerprints: ["SHA256:abc", "SHA256:def"])])
        #expect(table.contains("Ann v Bot L3  "))
        #expect(!table.contains("anon"))
    }
}
