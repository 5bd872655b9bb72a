import PostgresNIO
import TennisRecords

/// Name claims for the whole cluster (`tennis_name_claims`): a name belongs to the first key
/// that played under it on any node.
extension PostgresHistory: NameClaims {
    public func claim(name: String, fingerprint: String?) async throws -> NameClaim {
        if let fingerprint {
            // One statement decides a race between nodes: the first insert wins, the other reads it.
            let inserted = try await client.query("""
                INSERT INTO tennis_name_claims (key, name, fingerprint) VALUES (lower(\(name)), \(name), \(fingerprint))
                ON CONFLICT (key) DO NOTHING RETURNING fingerprint
                """, logger: logger)
            for try await _ in inserted.decode(String.self) { return .owned(newly: true) }
        }
        return NameClaim.decide(holder: try await holder(of: name), fingerprint: fingerprint).claim
    }

    /// The fingerprint that holds `name` (nil: nobody).
    func holder(of name: String) async throws -> String? {
        let rows = try await client.query("SELECT fingerprint FROM tennis_name_claims WHERE key = lower(\(name))",
                                          logger: logger)
        for try await fingerprint in rows.decode(String.self) { return fingerprint }
        return nil
    }
}
