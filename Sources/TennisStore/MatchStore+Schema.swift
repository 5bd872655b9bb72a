import GRDB

extension MatchStore {
    /// Every schema change, in order. Never edit a registered migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: matches, players") { db in
            try db.execute(sql: """
                CREATE TABLE matches (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    code TEXT NOT NULL,
                    format TEXT NOT NULL,
                    surface TEXT NOT NULL,
                    started_at DATETIME NOT NULL,
                    ended_at DATETIME NOT NULL,
                    score TEXT NOT NULL,
                    sets TEXT NOT NULL,
                    winner INTEGER CHECK (winner IN (0, 1)),
                    ending TEXT NOT NULL CHECK (ending IN ('played', 'forfeit', 'abandoned')),
                    points INTEGER NOT NULL,
                    longest_rally INTEGER NOT NULL,
                    final_tick INTEGER NOT NULL,
                    simulation_version INTEGER NOT NULL,
                    replay BLOB NOT NULL
                );
                CREATE INDEX matches_code ON matches(code);
                CREATE INDEX matches_ended ON matches(ended_at);
                CREATE TABLE players (
                    name TEXT PRIMARY KEY COLLATE NOCASE,
                    rating REAL NOT NULL DEFAULT 1500,
                    matches INTEGER NOT NULL DEFAULT 0,
                    wins INTEGER NOT NULL DEFAULT 0,
                    losses INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE match_players (
                    match_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
                    seat INTEGER NOT NULL CHECK (seat IN (0, 1)),
                    name TEXT NOT NULL COLLATE NOCASE,
                    points_won INTEGER NOT NULL,
                    serve_points INTEGER NOT NULL,
                    serve_points_won INTEGER NOT NULL,
                    return_points INTEGER NOT NULL,
                    return_points_won INTEGER NOT NULL,
                    aces INTEGER NOT NULL,
                    double_faults INTEGER NOT NULL,
                    rating_before REAL,
                    rating_after REAL,
                    PRIMARY KEY (match_id, seat)
                );
                CREATE INDEX match_players_name ON match_players(name);
                """)
        }
        migrator.registerMigration("v2: private matches") { db in
            // A private match's InviteHash; NULL for a public match.
            try db.execute(sql: "ALTER TABLE matches ADD COLUMN invite_hash TEXT")
        }
        migrator.registerMigration("v3: identities") { db in
            // Each player's key fingerprint; NULL for an anonymous player (every match kept before
            // this version). A name belongs to the first key that played under it.
            try db.execute(sql: """
                ALTER TABLE match_players ADD COLUMN fingerprint TEXT;
                CREATE TABLE name_claims (
                    name TEXT PRIMARY KEY COLLATE NOCASE,
                    fingerprint TEXT NOT NULL,
                    claimed_at DATETIME NOT NULL
                );
                """)
        }
        return migrator
    }
}
