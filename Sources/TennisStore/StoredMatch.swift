import Foundation
import TennisCore
import TennisRecords
import TennisProtocol

/// A kept match's columns as every match database holds them, and what the history API and
/// replay files make of them.
public struct StoredMatch: Sendable {
    public var id: Int
    public var code: String
    public var format: String
    public var surface: String
    public var started: Date
    public var ended: Date
    public var score: String
    /// `[HistoryMatch.SetLine]` as JSON (`ArchivedMatch.setsJSON`).
    public var setsJSON: String
    public var winnerSeat: Int?
    public var ending: String
    public var points: Int
    public var longestRally: Int
    /// A private match's `InviteHash` (nil: public).
    public var inviteHash: String?

    public init(id: Int, code: String, format: String, surface: String, started: Date, ended: Date, score: String,
                setsJSON: String, winnerSeat: Int?, ending: String, points: Int, longestRally: Int,
                inviteHash: String? = nil) {
        self.inviteHash = inviteHash
        self.id = id
        self.code = code
        self.format = format
        self.surface = surface
        self.started = started
        self.ended = ended
        self.score = score
        self.setsJSON = setsJSON
        self.winnerSeat = winnerSeat
        self.ending = ending
        self.points = points
        self.longestRally = longestRally
    }

    /// The match as the API shows it, with its players' lines (seat order).
    public func history(lines: [HistoryMatch.PlayerLine]) -> HistoryMatch {
        let sets = (try? UntrustedJSON.decode([HistoryMatch.SetLine].self, from: setsJSON.utf8, gate: .serverAnswer)) ?? []
        let winner = winnerSeat.flatMap { $0 >= 0 && $0 < lines.count ? lines[$0].name : nil }
        return HistoryMatch(id: id, code: code, players: lines.map(\.name), format: format, surface: surface,
                            started: started, ended: ended, score: score, sets: sets, winner: winner, ending: ending,
                            points: points, longestRally: longestRally, stats: lines)
    }

    /// The match's replay as a shareable file, from its stored blob and players (seat order).
    public func replayFile(names: [String], blob: some Collection<UInt8>) throws(ReplayFormatError) -> ReplayFile {
        ReplayFile(code: code, names: PerPlayer(names.first ?? "", names.dropFirst().first ?? ""),
                   startedAt: started, endedAt: ended, ending: MatchEnding(rawValue: ending) ?? .played,
                   winner: winnerSeat, replay: try ReplayCodec.decode(blob))
    }
}
