import Crypto
import TennisProtocol

/// A native client's Ed25519 identity: it signs the server's challenge in each player's hello.
public struct PlayerKey: HelloSigner {
    private let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The key whose 32-byte seed is `seed`; nil if it is not 32 bytes.
    public init?(seed: [UInt8]) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            return nil
        }
        self.key = key
    }

    /// The 32-byte seed, for the key file.
    var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The 32-byte public key.
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    public var fingerprint: String { Fingerprint.ed25519(publicKey: publicKey) }

    public func identity(nonce: String, code: String, name: String) -> HelloIdentity {
        let bytes = IdentityChallenge.signedBytes(nonce: nonce, code: code, name: name)
        // Signing with a valid key does not fail; an empty signature would be refused by the server.
        let signature = (try? key.signature(for: bytes)).map { Array($0) } ?? []
        return .ed25519(publicKey: publicKey, signature: signature)
    }
}
