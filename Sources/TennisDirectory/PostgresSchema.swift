import Logging
import PostgresNIO

/// The cluster's tables, created (or brought up to date) on a node's first start. Statements
/// only ever add: `IF NOT EXISTS` everywhere, so nodes of this version and older ones share them.
enum PostgresSchema {
    static let statements: [PostgresQuery] = [
        // The directory: live nodes, their matches, and seats held for players on their way.
        """
        CREATE TABLE IF NOT EXISTS tennis_nodes (
            id TEXT PRIMARY KEY, url TEXT NOT NULL, load INTEGER NOT NULL,
            heartbeat TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS tennis_matches (
            code TEXT PRIMARY KEY, node TEXT NOT NULL REFERENCES tennis_nodes(id) ON DELETE CASCADE,
            summary TEXT NOT NULL, private BOOLEAN NOT NULL)
        """,
        // Player seats taken: a seat stays its player's until the match ends, so this only grows.
        "ALTER TABLE tennis_matches ADD COLUMN IF NOT EXISTS seats INTEGER NOT NULL DEFAULT 0",
        // The order in which its node created it: a heartbeat removes only matches older than its
        // snapshot, never one published since (0: written by an older node, which never publishes).
        "ALTER TABLE tennis_matches ADD COLUMN IF NOT EXISTS serial BIGINT NOT NULL DEFAULT 0",
        // Nodes silent for long are reaped by the others: the heartbeat is what they look at.
        "CREATE INDEX IF NOT EXISTS tennis_nodes_heartbeat ON tennis_nodes (heartbeat)",
        """
        CREATE TABLE IF NOT EXISTS tennis_reservations (
            token TEXT PRIMARY KEY,
            code TEXT NOT NULL REFERENCES tennis_matches(code) ON DELETE CASCADE,
            node TEXT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS tennis_reservations_code ON tennis_reservations (code, expires_at)",
        // Who a reservation was made for (the client's address) and when: an address gets one
        // live hold per match and may leave only so many unused a minute.
        "ALTER TABLE tennis_reservations ADD COLUMN IF NOT EXISTS client TEXT",
        "ALTER TABLE tennis_reservations ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ NOT NULL DEFAULT now()",
        "CREATE INDEX IF NOT EXISTS tennis_reservations_client ON tennis_reservations (client, created_at)",
        // Spectators a node serves of another node's match through its relay: the owner adds
        // them to the count its roster and listing show.
        """
        CREATE TABLE IF NOT EXISTS tennis_relays (
            node TEXT NOT NULL REFERENCES tennis_nodes(id) ON DELETE CASCADE,
            code TEXT NOT NULL, spectators INTEGER NOT NULL,
            PRIMARY KEY (node, code))
        """,
        // Where each relay subscribes (the owner or another relay): the relay tree.
        "ALTER TABLE tennis_relays ADD COLUMN IF NOT EXISTS upstream TEXT",
        // Match history for the whole cluster (the same columns as MatchStore's SQLite file).
        """
        CREATE TABLE IF NOT EXISTS tennis_history (
            id BIGSERIAL PRIMARY KEY,
            record TEXT NOT NULL UNIQUE,
            node TEXT NOT NULL,
            code TEXT NOT NULL,
            format TEXT NOT NULL,
            surface TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            ended_at TIMESTAMPTZ NOT NULL,
            score TEXT NOT NULL,
            sets TEXT NOT NULL,
            winner INTEGER CHECK (winner IN (0, 1)),
            ending TEXT NOT NULL CHECK (ending IN ('played', 'forfeit', 'abandoned')),
            points INTEGER NOT NULL,
            longest_rally INTEGER NOT NULL,
            final_tick BIGINT NOT NULL,
            simulation_version BIGINT NOT NULL,
            replay BYTEA NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS tennis_history_code ON tennis_history (code, id)",
        "CREATE INDEX IF NOT EXISTS tennis_history_ended ON tennis_history (ended_at)",
        // `key` is the lower-cased name: names are case-insensitive, as in the SQLite store.
        """
        CREATE TABLE IF NOT EXISTS tennis_players (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            rating DOUBLE PRECISION NOT NULL DEFAULT 1500,
            matches INTEGER NOT NULL DEFAULT 0,
            wins INTEGER NOT NULL DEFAULT 0,
            losses INTEGER NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE IF NOT EXISTS tennis_history_players (
            match_id BIGINT NOT NULL REFERENCES tennis_history(id) ON DELETE CASCADE,
            seat INTEGER NOT NULL CHECK (seat IN (0, 1)),
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            points_won INTEGER NOT NULL,
            serve_points INTEGER NOT NULL,
            serve_points_won INTEGER NOT NULL,
            return_points INTEGER NOT NULL,
            return_points_won INTEGER NOT NULL,
            aces INTEGER NOT NULL,
            double_faults INTEGER NOT NULL,
            rating_before DOUBLE PRECISION,
            rating_after DOUBLE PRECISION,
            PRIMARY KEY (match_id, seat))
        """,
        "CREATE INDEX IF NOT EXISTS tennis_history_players_key ON tennis_history_players (key, match_id)",
        // A private match's InviteHash (NULL: public): its record needs the invite, and it is in
        // no player's record. Rows of nodes older than this have none, so they are public.
        "ALTER TABLE tennis_history ADD COLUMN IF NOT EXISTS invite_hash TEXT",
        // Identities: each player's key fingerprint (NULL: anonymous, and every row of an older
        // node), and which key holds each name (`key` lower-cased, as in `tennis_players`).
        "ALTER TABLE tennis_history_players ADD COLUMN IF NOT EXISTS fingerprint TEXT",
        """
        CREATE TABLE IF NOT EXISTS tennis_name_claims (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            claimed_at TIMESTAMPTZ NOT NULL DEFAULT now())
        """,
        // Secrets every node shares, made by the first node that asks (the gateway's, so a
        // player an ssh gateway on one node vouched for is taken by the node it is sent on to).
        "CREATE TABLE IF NOT EXISTS tennis_secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
    ]

    /// Creates what is missing. Several nodes may start at once: one works while the others wait.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(7878)", logger: logger)
            do {
                for statement in statements { try await connection.query(statement, logger: logger) }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7878)", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(7878)", logger: logger)
        }
    }
}
