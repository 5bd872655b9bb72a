import NIOCore
import PostgresNIO

extension PostgresDirectory {
    /// The cluster's secret of this name: 32 random bytes, made by the first node to ask and the
    /// same for every node after (`ServerConfiguration.gatewaySecret` takes the gateway's).
    /// Whoever can read the directory's database can read it, as they can edit its name claims.
    public func sharedSecret(named name: String) async throws -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        let fresh = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) })
        try await client.query("""
            INSERT INTO tennis_secrets (name, value) VALUES (\(name), \(fresh)) ON CONFLICT (name) DO NOTHING
            """, logger: logger)
        let rows = try await client.query("SELECT value FROM tennis_secrets WHERE name = \(name)", logger: logger)
        for try await value in rows.decode(ByteBuffer.self) { return Array(value.readableBytesView) }
        throw SecretMissing(name: name)
    }

    struct SecretMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "the cluster's secret \(name) could not be read back" }
    }
}
