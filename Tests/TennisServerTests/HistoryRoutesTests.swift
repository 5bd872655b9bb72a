import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import Testing
import TennisRecords

@testable import TennisServer

/// A fixed history with one match and one player, and a private match (id 4) shown with invite "S3CRET".
struct FixedHistory: MatchHistory {
    static let sample = HistoryMatch(
        id: 3, code: "ABC234", players: ["Ann", "Bob"], format: "short", surface: "hard",
        started: Date(timeIntervalSince1970: 1_800_000_000), ended: Date(timeIntervalSince1970: 1_800_000_300),
        score: "4-2", sets: [.init(games: [4, 2], tiebreak: nil)], winner: "Ann", ending: "played", points: 40,
        longestRally: 9, stats: [])

    func match(id: String, invite: String?) async throws -> HistoryMatch? {
        if id == "4" || id == "PRV234" {
            var hidden = Self.sample
            (hidden.id, hidden.code) = (4, "PRV234")
            return invite == "S3CRET" ? hidden : nil
        }
        return id == "3" || id == "ABC234" ? Self.sample : nil
    }
    func player(name: String) async throws -> PlayerProfile? {
        name.lowercased() == "ann"
            ? PlayerProfile(name: "Ann", rating: 1516, matches: 1, wins: 1, losses: 0, pointsWon: 25, pointsPlayed: 40,
                            servePoints: 20, servePointsWon: 14, returnPoints: 20, returnPointsWon: 11, aces: 2,
                            doubleFaults: 1, longestRally: 9, recent: [Self.sample])
            : nil
    }
    func replayFile(id: String, invite: String?) async throws -> [UInt8]? {
        if id == "4" { return invite == "S3CRET" ? [4, 5, 6] : nil }
        return id == "3" ? [1, 2, 3] : nil
    }
}

@Suite struct HistoryRoutesTests {
    private func withServer(history: (any MatchHistory)?, _ body: (String) async throws -> Void) async throws {
        var logger = Logger(label: "test.history")
        logger.logLevel = .critical
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        let lobby = Lobby(settings: settings, logger: logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(settings, lobby: lobby, logger: logger, history: history) { sink.yield($0) }
        let task = Task {
            defer { sink.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body("http://127.0.0.1:\(port)")
    }

    private func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test func matchesPlayersAndReplaysAreServedAsJSON() async throws {
        try await withServer(history: FixedHistory()) { base in
            let (status, body) = try await get(base + "/api/matches/3")
            #expect(status == 200)
            #expect(try HistoryJSON.decoder().decode(HistoryMatch.self, from: body) == FixedHistory.sample)
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(json["longest_rally"] as? Int == 9)
            #expect(json["ended"] as? String == "2027-01-15T08:05:00Z")

            let (playerStatus, playerBody) = try await get(base + "/api/players/ann")
            #expect(playerStatus == 200)
            #expect(try HistoryJSON.decoder().decode(PlayerProfile.self, from: playerBody).rating == 1516)

            let (replayStatus, replay) = try await get(base + "/api/matches/3/replay")
            #expect(replayStatus == 200)
            #expect(Array(replay) == [1, 2, 3])

            let (missing, error) = try await get(base + "/api/matches/77")
            #expect(missing == 404)
            #expect(String(decoding: error, as: UTF8.self).contains("no finished match"))
            #expect(try await get(base + "/api/players/zed").0 == 404)
            // The live list is still there.
            #expect(try await get(base + "/api/matches").0 == 200)
        }
    }

    /// The invite travels as `?invite=`; without it a private match is the 404 of no match at all.
    @Test func aPrivateMatchNeedsItsInviteAndIsOtherwiseNotFound() async throws {
        try await withServer(history: FixedHistory()) { base in
            let (missing, missingBody) = try await get(base + "/api/matches/4")
            #expect(missing == 404)
            #expect(String(decoding: missingBody, as: UTF8.self) == #"{"error":"no finished match '4'"}"#)
            #expect(try await get(base + "/api/matches/4?invite=WRONG").0 == 404)
            #expect(try await get(base + "/api/matches/4/replay").0 == 404)
            let (status, body) = try await get(base + "/api/matches/4?invite=S3CRET")
            #expect(status == 200)
            #expect(try HistoryJSON.decoder().decode(HistoryMatch.self, from: body).code == "PRV234")
            let (replayStatus, replay) = try await get(base + "/api/matches/4/replay?invite=S3CRET")
            #expect(replayStatus == 200)
            #expect(Array(replay) == [4, 5, 6])
        }
    }

    @Test func withoutAHistoryTheRoutesSaySo() async throws {
        try await withServer(history: nil) { base in
            for path in ["/api/matches/1", "/api/matches/1/replay", "/api/players/ann"] {
                let (status, body) = try await get(base + path)
                #expect(status == 404)
                let json = try JSONSerialization.jsonObject(with: body) as? [String: String]
                #expect(json?["error"]?.contains("keeps no match history") == true)
            }
        }
    }
}
