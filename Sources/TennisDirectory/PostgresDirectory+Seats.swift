import Foundation
import Logging
import PostgresNIO
import Synchronization
import TennisRecords
import TennisProtocol

/// Seat reservations: the node that sends a player on holds a seat in the directory; the owner
/// redeems it. Both sides decide inside a transaction that locks the match's row, so a seat is
/// never promised twice: the reserving node counts the seats taken (`seats`, which the owner
/// raises under the same lock when it seats someone) plus the live reservations.
extension PostgresDirectory {
    public func reserveSeat(code: String, client address: String, budget: Int) async throws -> SeatReservation {
        let id = nodeID, live = Self.liveSeconds, lifetime = reservationSeconds
        return try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("""
                SELECT n.url, m.node, m.private, m.seats, m.summary FROM tennis_matches m JOIN tennis_nodes n ON n.id = m.node
                WHERE m.code = \(code) AND n.id <> \(id) AND n.heartbeat > now() - make_interval(secs => \(live))
                FOR UPDATE OF m
                """, logger: logger)
            var found: (url: String, node: String, isPrivate: Bool, seats: Int, summary: String)?
            for try await row in rows.decode((String, String, Bool, Int, String).self) { found = row }
            guard let found else { return .unknown }
            // Only the owner can check a private match's invite: nobody else may hold its seats.
            if found.isPrivate { return .unreserved(owner: found.url) }
            let summary = try? UntrustedJSON.decode(MatchSummary.self, from: found.summary.utf8, gate: .serverAnswer)
            if summary?.state == "finished" { return .over }
            let held = try await Self.liveReservations(code: code, on: connection, logger: logger)
            guard found.seats + held < 2 else { return .full }
            // A client holds one seat of a match at most; asking again while it is live gets no
            // second (nor the same token: the address may be a NAT or a proxy shared by others).
            let mine = try await connection.query("""
                SELECT count(*) FROM tennis_reservations
                WHERE code = \(code) AND node = \(found.node) AND client = \(address) AND expires_at > now()
                """, logger: logger)
            var holding = 0
            for try await count in mine.decode(Int.self) { holding = count }
            if holding > 0 { return .unreserved(owner: found.url, reason: .alreadyHolding) }
            // Reservations redeemed are deleted at once: what is left of the last minute's went unused.
            let recent = try await connection.query("""
                SELECT count(*) FROM tennis_reservations
                WHERE client = \(address) AND created_at > now() - interval '1 minute'
                """, logger: logger)
            var unused = 0
            for try await count in recent.decode(Int.self) { unused = count }
            guard unused < budget else { return .unreserved(owner: found.url, reason: .overBudget) }
            let token = SeatReservation.newToken()
            try await connection.query("""
                INSERT INTO tennis_reservations (token, code, node, client, created_at, expires_at)
                SELECT \(token), m.code, m.node, \(address), now(), now() + make_interval(secs => \(lifetime))
                FROM tennis_matches m WHERE m.code = \(code)
                """, logger: logger)
            return .reserved(owner: found.url, token: token)
        }
    }

    public func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome {
        let id = nodeID
        let decided = OutcomeBox<Outcome>()
        do {
            return try await client.withTransaction(logger: logger) { connection in
                // No other node reserves a seat of this match until the seat is decided and recorded.
                try await connection.query("SELECT 1 FROM tennis_matches WHERE code = \(code) FOR UPDATE",
                                           logger: logger)
                var check: ReservationCheck?
                if let reservation {
                    let rows = try await connection.query("""
                        DELETE FROM tennis_reservations WHERE token = \(reservation) AND code = \(code) AND node = \(id)
                        RETURNING expires_at > now()
                        """, logger: logger)
                    check = .unknown
                    for try await live in rows.decode(Bool.self) { check = live ? .redeemed : .expired }
                }
                let held = try await Self.liveReservations(code: code, on: connection, logger: logger)
                let (outcome, entry) = seat(SeatClaim(held: held, reservation: check))
                decided.value.withLock { $0 = outcome }
                try await connection.query(try Self.record(entry, node: id), logger: logger)
                return outcome
            }
        } catch {
            // The seat was decided here already: the client gets it even if the directory missed it.
            guard let outcome = decided.value.withLock({ $0 }) else { throw error }
            logger.warning("the directory did not record a seat", metadata: ["match": "\(code)",
                                                                              "error": "\(String(reflecting: error))"])
            return outcome
        }
    }

    /// Seats of `code` held by reservations that have not lapsed.
    static func liveReservations(code: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("""
            SELECT count(*) FROM tennis_reservations WHERE code = \(code) AND expires_at > now()
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}

/// What `admitPlayer`'s seat decision came to, kept outside its transaction.
private final class OutcomeBox<Outcome: Sendable>: Sendable {
    let value = Mutex<Outcome?>(nil)
}
