import TennisRecords
import Foundation
import GRDB
import TennisCore
import Testing

@testable import TennisStore

/// A private match's record and replay are for its invite holders (and the file's owner); it is
/// in no listing and no player's record.
@Suite struct PrivateHistoryTests {
    @Test func aPrivateMatchIsShownOnlyWithItsInvite() async throws {
        let store = try MatchStore(path: try temporaryDirectory().appendingPathComponent("t.sqlite").path)
        try await store.store(TestMatches.record(code: "PUB234", names: ["Ann", "Bob"]))
        try await store.store(TestMatches.record(code: "PRV234", names: ["Ann", "Bob"], seed: 8, invite: "S3CRETS3CRETS3CR"))
        let kept = try await store.recentMatches(includingPrivate: true)
        #expect(kept.map(\.code) == ["PRV234", "PUB234"] || kept.map(\.code) == ["PUB234", "PRV234"])
        let id = try #require(kept.first { $0.code == "PRV234" }?.id)

        for key in [String(id), "PRV234", "prv234"] {
            #expect(try await store.match(id: key, invite: nil) == nil)
            #expect(try await store.match(id: key, invite: "WRONG") == nil)
            #expect(try await store.match(id: key, invite: "S3CRETS3CRETS3CRX") == nil)
            #expect(try await store.replayFile(id: key, invite: nil) == nil)
            #expect(try await store.replayFile(id: key, invite: "s3crets3crets3cr") == nil, "the secret is exact")
            #expect(try await store.match(id: key, invite: "S3CRETS3CRETS3CR")?.code == "PRV234")
            let file = try #require(try await store.replayFile(id: key, invite: "S3CRETS3CRETS3CR"))
            #expect(try ReplayFile(decoding: file).replay.verify().score.compactText
                    == (try await store.match(id: key, invite: "S3CRETS3CRETS3CR"))?.score)
            #expect(try await store.replay(id: key, access: .owner) != nil)
        }
        // Only a hash is kept.
        let hash = try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT invite_hash FROM matches WHERE code = 'PRV234'")
        }
        #expect(hash == InviteHash.of("S3CRETS3CRETS3CR"))
        #expect(hash?.count == 64)

        // Listings and players' records leave it out: one match each, the public one.
        #expect(try await store.recentMatches().map(\.code) == ["PUB234"])
        #expect(try await store.recentMatches(player: "ann").map(\.code) == ["PUB234"])
        let ann = try #require(try await store.player(name: "Ann"))
        #expect(ann.matches == 1)
        #expect(ann.recent.map(\.code) == ["PUB234"])
        let publicMatch = try #require(try await store.match(id: "PUB234", invite: nil))
        #expect(ann.pointsPlayed == publicMatch.points)
        #expect(ann.rating == publicMatch.stats[0].ratingAfter, "only the public match moved it")
    }

    @Test func aPrivateMatchAloneMakesNoPlayerRecord() async throws {
        let store = try MatchStore(path: try temporaryDirectory().appendingPathComponent("t.sqlite").path)
        try await store.store(TestMatches.record(code: "PRV234", names: ["Cid", "Dee"], ending: .forfeit, invite: "X"))
        #expect(try await store.player(name: "Cid") == nil)
        #expect(try await store.players().isEmpty)
        let match = try #require(try await store.match(id: "PRV234", invite: "X"))
        #expect(match.winner == "Dee")
        #expect(match.stats.allSatisfy { $0.ratingBefore == nil && $0.ratingAfter == nil })
    }

    @Test func aFileFromBeforePrivateMatchesKeepsItsMatchesPublic() async throws {
        let path = try temporaryDirectory().appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try MatchStore.migrator.migrate(queue, upTo: "v1: matches, players")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO matches (code, format, surface, started_at, ended_at, score, sets, winner, ending,
                                         points, longest_rally, final_tick, simulation_version, replay)
                    VALUES ('OLD234', 'short', 'hard', '2027-01-01 10:00:00', '2027-01-01 10:05:00', '4-2', '[]', 0,
                            'played', 30, 5, 1000, 1, x'00')
                    """)
            }
        }
        let store = try MatchStore(path: path)
        #expect(try await store.match(id: "OLD234", invite: nil)?.code == "OLD234")
        #expect(try await store.recentMatches().map(\.code) == ["OLD234"])
    }
}
