import TennisRecords
import Foundation
import TennisCore
import Testing

@testable import TennisStore

@Suite struct MatchStoreTests {
    @Test func aStoredMatchComesBackWithItsReplayAndStats() async throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("nested/dir/tennis.sqlite").path
        let store = try MatchStore(path: path)
        let record = TestMatches.record()
        try await store.store(record)

        let matches = try await store.recentMatches()
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        #expect(match.id == 1)
        #expect(match.code == "ABC234")
        #expect(match.players == ["Ann", "Bob"])
        #expect(match.score == record.score.compactText)
        #expect(match.winner == record.winner.map { record.names[$0] })
        #expect(match.ending == "played")
        #expect(match.ended == record.endedAt)
        #expect(match.points > 0)
        #expect(match.stats.map(\.pointsWon).reduce(0, +) == match.points)
        #expect(try await store.match(id: "1", invite: nil) == match)
        #expect(try await store.match(id: "abc234", invite: nil) == match)
        #expect(try await store.match(id: "99", invite: nil) == nil)

        let file = try #require(try await store.replay(id: "1", access: .invite(nil)))
        #expect(file.replay == record.replay)
        #expect(file.names == PerPlayer("Ann", "Bob"))
        #expect(try file.replay.verify().score == record.score)
        let exported = try #require(try await store.replayFile(id: "ABC234", invite: nil))
        #expect(try ReplayFile(decoding: exported) == file)
    }

    @Test func eloMovesForDecidedMatchesOnly() async throws {
        let store = try MatchStore(path: try temporaryDirectory().appendingPathComponent("t.sqlite").path)
        try await store.store(TestMatches.record(code: "AAAAAA", names: ["Ann", "Bob"], ending: .forfeit))
        var bob = try #require(try await store.player(name: "bob"))
        var ann = try #require(try await store.player(name: "ANN"))
        #expect(bob.rating == 1516)
        #expect(ann.rating == 1484)
        #expect(bob.wins == 1 && bob.losses == 0 && ann.losses == 1)

        try await store.store(TestMatches.record(code: "BBBBBB", names: ["Ann", "Bob"], ending: .abandoned))
        bob = try #require(try await store.player(name: "Bob"))
        ann = try #require(try await store.player(name: "Ann"))
        #expect(bob.rating == 1516 && ann.rating == 1484)
        #expect(bob.matches == 2 && bob.wins == 1)
        #expect(bob.recent.map(\.code) == ["BBBBBB", "AAAAAA"])
        #expect(bob.servePoints + bob.returnPoints == bob.pointsPlayed)

        let players = try await store.players()
        #expect(players.map(\.name) == ["Bob", "Ann"])
        #expect(try await store.recentMatches(player: "ann", limit: 1).map(\.code) == ["BBBBBB"])
        #expect(try await store.recentMatches(player: "Cid").isEmpty)
        #expect(try await store.player(name: "Cid") == nil)
    }

    @Test func theFileKeepsMatchesAcrossReopening() async throws {
        let path = try temporaryDirectory().appendingPathComponent("t.sqlite").path
        do {
            let store = try MatchStore(path: path)
            try await store.store(TestMatches.record())
        }
        let reopened = try MatchStore(path: path)
        #expect(try await reopened.recentMatches().count == 1)
        let mode = try await reopened.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aBadPathIsAClearError() throws {
        let folder = try temporaryDirectory()
        let file = folder.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        #expect {
            try MatchStore(path: file.appendingPathComponent("tennis.sqlite").path)
        } throws: { error in
            "\(error)".contains("is not a folder")
        }
        #expect {
            try MatchStore(path: folder.path)
        } throws: { error in
            "\(error)".contains("is a folder")
        }
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/terminal-tennis/tennis.sqlite")
        #expect(StoreLocation.defaultPath(environment: ["HOME": "/home/a"])
                == "/home/a/.local/share/terminal-tennis/tennis.sqlite")
    }
}

@Suite struct MatchStatsTests {
    @Test func pointsAddUpOnServeAndReturn() {
        let (replay, state) = TestMatches.replay(seed: 3)
        let stats = MatchStats(replay: replay)
        #expect(state.phase == .matchOver)
        #expect(stats.points == Int(state.pointsPlayed))
        for seat in 0...1 {
            let line = stats.players[seat]
            #expect(line.servePointsWon + line.returnPointsWon == line.pointsWon)
        }
        #expect(stats.players.left.servePoints == stats.players.right.returnPoints)
        #expect(stats.players.left.pointsWon + stats.players.right.pointsWon == stats.points)
        #expect(stats.longestRally >= 1)
        #expect(stats.pointStartTicks.count == stats.points)  // the last point ends the match
    }

    @Test func eloIsTheUsualFormula() {
        let even = Elo.update(winner: 1500, loser: 1500)
        #expect(even.winner == 1516 && even.loser == 1484)
        let upset = Elo.update(winner: 1400, loser: 1600)
        #expect(abs(upset.winner - 1424.31) < 0.01)
    }
}
