import Dispatch
import Foundation
import TennisCore
import TennisRecords

/// A finished match made ready for a database, whichever keeps it (`MatchStore` in SQLite, the
/// cluster's PostgreSQL history): its stats replayed, its replay encoded, its score as set
/// lines, and how it moves the players' ratings.
public struct ArchivedMatch: Sendable {
    public let record: MatchRecord
    /// Left, then right ("Player" for a missing name).
    public let names: PerPlayer<String>
    public let stats: MatchStats
    /// `ReplayCodec`'s encoding of the replay.
    public let replayBlob: [UInt8]
    /// The finished sets as `[HistoryMatch.SetLine]` JSON.
    public let setsJSON: String
    /// A private match's `InviteHash` (nil: public). A private match is kept apart from the
    /// players' records: it moves no rating and no counts.
    public let inviteHash: String?
    /// Each player's key fingerprint, left then right (nil: anonymous).
    public let fingerprints: PerPlayer<String?>

    /// Replays and encodes `record` (CPU work: call it off the cooperative threads, or use `prepare`).
    public init(_ record: MatchRecord) {
        self.record = record
        names = PerPlayer(record.names.first ?? "Player", record.names.dropFirst().first ?? "Player")
        stats = MatchStats(replay: record.replay)
        replayBlob = ReplayCodec.encode(record.replay)
        let sets = Self.setLines(record.score)
        setsJSON = (try? String(decoding: JSONEncoder().encode(sets), as: UTF8.self)) ?? "[]"
        inviteHash = record.invite.map(InviteHash.of)
        fingerprints = PerPlayer(record.fingerprints.first ?? nil, record.fingerprints.dropFirst().first ?? nil)
    }

    /// `init(_:)` on a dispatch queue, so replaying a long match never holds up a tick loop.
    public static func prepare(_ record: MatchRecord) async -> ArchivedMatch {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(returning: ArchivedMatch(record)) }
        }
    }

    /// Whether the match counts in the players' records (ratings, wins, losses, match counts):
    /// public ones between two players who proved their keys do; a private one would show in
    /// them to anyone, and an anonymous player's name proves nothing.
    public var isRanked: Bool { inviteHash == nil && fingerprints.left != nil && fingerprints.right != nil }

    /// The winning and losing seats when the match moves ratings: public, played out or forfeited,
    /// with a winner, between two different names (case-insensitive).
    public var decided: (winner: Int, loser: Int)? {
        guard isRanked, record.ending != .abandoned, names.left.lowercased() != names.right.lowercased(),
              let winner = record.winner, (0...1).contains(winner)
        else { return nil }
        return (winner, 1 - winner)
    }

    /// Each seat's rating before and after this match, given both players' current ratings
    /// (nil for both when the match moves none).
    public func ratings(from current: PerPlayer<Double>) -> (before: PerPlayer<Double?>, after: PerPlayer<Double?>) {
        guard let decided else { return (PerPlayer(nil, nil), PerPlayer(nil, nil)) }
        let updated = Elo.update(winner: current[decided.winner], loser: current[decided.loser])
        var after = PerPlayer<Double?>(nil, nil)
        after[decided.winner] = updated.winner
        after[decided.loser] = updated.loser
        return (PerPlayer(current.left, current.right), after)
    }

    static func setLines(_ score: Score) -> [HistoryMatch.SetLine] {
        score.sets.map { set in
            HistoryMatch.SetLine(games: [Int(set.games.left), Int(set.games.right)],
                                 tiebreak: set.tiebreak.map { [Int($0.left), Int($0.right)] })
        }
    }
}

/// A database that keeps prepared matches: several can share one preparation (`ArchiveCopies`).
public protocol ArchivedMatchStore: Sendable {
    func store(_ match: ArchivedMatch) async throws
}

/// Keeps every finished match in each of several stores (a node's SQLite file and the cluster's
/// PostgreSQL history), replaying it once for all. A store that fails does not stop the others.
public struct ArchiveCopies: MatchArchive {
    public let stores: [any ArchivedMatchStore]

    public init(_ stores: [any ArchivedMatchStore]) {
        self.stores = stores
    }

    public func store(_ record: MatchRecord) async throws {
        let prepared = await ArchivedMatch.prepare(record)
        var failures: [String] = []
        for store in stores {
            do {
                try await store.store(prepared)
            } catch {
                failures.append("\(type(of: store)): \(error)")
            }
        }
        if !failures.isEmpty { throw StoreError(failures.joined(separator: "; ")) }
    }
}
