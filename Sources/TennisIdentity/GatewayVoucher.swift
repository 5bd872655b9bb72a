import Crypto
import TennisProtocol

/// Lets a gateway in the server's own process (the ssh server) present a player it has checked
/// ("ssh key SHA256:… as NAME") on its WebSocket connection to the server: an HMAC-SHA256, under
/// a secret only this process (or the nodes sharing `ServerConfiguration.gatewaySecret`) holds,
/// of the fingerprint and the hello's signed bytes. Like a signature it binds the connection's
/// challenge nonce, so it cannot be replayed on another connection.
public struct GatewayVoucher: Sendable {
    private let secret: SymmetricKey

    /// A voucher with a fresh random secret (known to this process only).
    public init() {
        secret = SymmetricKey(size: .bits256)
    }

    /// A voucher with this secret (at least 32 bytes): nodes given the same one accept each
    /// other's vouched players.
    public init?(secret: [UInt8]) {
        guard secret.count >= 32 else { return nil }
        self.secret = SymmetricKey(data: secret)
    }

    /// The proof for `fingerprint` playing as `name` in `code` on the connection that got `nonce`.
    public func identity(fingerprint: String, nonce: String, code: String, name: String) -> HelloIdentity {
        .gateway(fingerprint: fingerprint,
                 mac: Array(HMAC<SHA256>.authenticationCode(for: Self.bytes(fingerprint, nonce, code, name),
                                                            using: secret)))
    }

    /// Whether `mac` is this voucher's for these values (compared in constant time).
    func verifies(_ mac: [UInt8], fingerprint: String, nonce: String, code: String, name: String) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.bytes(fingerprint, nonce, code, name),
                                               using: secret)
    }

    /// What a relay of the match `code` sends as its hello's `relay_proof`: 64 hex digits of an
    /// HMAC-SHA256 of the code under this secret, so only nodes sharing it (a cluster's nodes,
    /// `ServerConfiguration.gatewaySecret`) are taken for relays. It binds the match, not the
    /// connection: it travels only between nodes.
    public func relayProof(code: String) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Self.relayBytes(code), using: secret)))
    }

    /// Whether `proof` is this secret's relay proof for `code` (compared in constant time).
    public func verifiesRelay(_ proof: String, code: String) -> Bool {
        guard let mac = Hex.decode(proof) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.relayBytes(code), using: secret)
    }

    private static func relayBytes(_ code: String) -> [UInt8] {
        Array("terminal-tennis relay v1\ncode \(code.uppercased())".utf8)
    }

    /// A signer for a player the gateway has authenticated with the key of this fingerprint.
    public func signer(fingerprint: String) -> any HelloSigner {
        Vouched(voucher: self, fingerprint: fingerprint)
    }

    private static func bytes(_ fingerprint: String, _ nonce: String, _ code: String, _ name: String) -> [UInt8] {
        Array("terminal-tennis gateway v1\nfingerprint \(fingerprint)\n".utf8)
            + IdentityChallenge.signedBytes(nonce: nonce, code: code, name: name)
    }

    private struct Vouched: HelloSigner {
        let voucher: GatewayVoucher
        let fingerprint: String

        func identity(nonce: String, code: String, name: String) -> HelloIdentity {
            voucher.identity(fingerprint: fingerprint, nonce: nonce, code: code, name: name)
        }
    }
}
