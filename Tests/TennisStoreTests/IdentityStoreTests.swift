import Foundation
import GRDB
import TennisCore
import TennisRecords
import Testing

@testable import TennisStore

/// Identities in the SQLite store: keyed players are rated, anonymous ones are not, names are
/// claimed, and a database from before identities keeps its history.
@Suite struct IdentityStoreTests {
    @Test func aMatchWithAnAnonymousPlayerIsKeptButRatesNobody() async throws {
        let store = try MatchStore(path: try temporaryDirectory().appendingPathComponent("t.sqlite").path)
        try await store.store(TestMatches.record(code: "AAAAAA", names: ["Ann", "Bob"], ending: .forfeit,
                                                 fingerprints: ["SHA256:ann", nil]))
        let match = try #require(try await store.match(id: "AAAAAA", invite: nil))
        #expect(match.stats.map(\.fingerprint) == ["SHA256:ann", nil])
        #expect(match.stats.allSatisfy { $0.ratingBefore == nil && $0.ratingAfter == nil })
        #expect(try await store.player(name: "Ann") == nil, "an unrated match is in no player's record")
        #expect(try await store.player(name: "Bob") == nil)

        try await store.store(TestMatches.record(code: "BBBBBB", names: ["Ann", "Bob"], ending: .forfeit,
                                                 fingerprints: ["SHA256:ann", "SHA256:bob"]))
        let bob = try #require(try await store.player(name: "Bob"))
        #expect(bob.rating == 1516 && bob.matches == 1)
        let rated = try #require(try await store.match(id: "BBBBBB", invite: nil))
        #expect(rated.stats.map(\.fingerprint) == ["SHA256:ann", "SHA256:bob"])
    }

    @Test func theFirstKeyClaimsANameForGood() async throws {
        let path = try temporaryDirectory().appendingPathComponent("t.sqlite").path
        let store = try MatchStore(path: path)
        #expect(try await store.claim(name: "Ann", fingerprint: nil) == .anonymous)
        #expect(try await store.claim(name: "Ann", fingerprint: "SHA256:a") == .owned(newly: true))
        #expect(try await store.claim(name: "aNN", fingerprint: "SHA256:a") == .owned(newly: false))
        #expect(try await store.claim(name: "ANN", fingerprint: "SHA256:b") == .taken)
        #expect(try await store.claim(name: "ann", fingerprint: nil) == .taken)
        // The claim outlives the process.
        let reopened = try MatchStore(path: path)
        #expect(try await reopened.claim(name: "Ann", fingerprint: "SHA256:b") == .taken)
    }

    @Test func aDatabaseFromBeforeIdentitiesKeepsItsHistoryAndRatings() async throws {
        let path = try temporaryDirectory().appendingPathComponent("old.sqlite").path
        // The file as version 2 left it: a rated match between Ann and Bob.
        do {
            let pool = try DatabasePool(path: path)
            try MatchStore.migrator.migrate(pool, upTo: "v2: private matches")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO matches (code, format, surface, started_at, ended_at, score, sets, winner, ending,
                                         points, longest_rally, final_tick, simulation_version, replay)
                    VALUES ('OLD234', 'tiebreak', 'hard', '2026-01-01 10:00:00', '2026-01-01 10:05:00', '7-5',
                            '[]', 0, 'played', 12, 4, 100, 1, x'00');
                    INSERT INTO players (name, rating, matches, wins, losses) VALUES ('Ann', 1516, 1, 1, 0),
                                                                                   ('Bob', 1484, 1, 0, 1);
                    INSERT INTO match_players VALUES (1, 0, 'Ann', 7, 6, 4, 6, 3, 1, 0, 1500, 1516),
                                                     (1, 1, 'Bob', 5, 6, 3, 6, 2, 0, 1, 1500, 1484);
                    """)
            }
        }
        let store = try MatchStore(path: path)
        let ann = try #require(try await store.player(name: "Ann"))
        #expect(ann.rating == 1516 && ann.wins == 1)
        #expect(ann.fingerprint == nil, "nobody has claimed the name yet")
        #expect(ann.recent.map(\.code) == ["OLD234"])
        #expect(ann.recent.first?.stats.map(\.fingerprint) == [nil, nil])
        // The first key to play as Ann takes the name with its record.
        #expect(try await store.claim(name: "Ann", fingerprint: "SHA256:a") == .owned(newly: true))
        #expect(try await store.player(name: "Ann")?.fingerprint == "SHA256:a")
        #expect(try await store.player(name: "Ann")?.rating == 1516)
    }
}
