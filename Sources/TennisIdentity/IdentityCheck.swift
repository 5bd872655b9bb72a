import Crypto
import TennisProtocol

/// Why a hello's identity was refused (`bad_signature`, close 4403).
public struct IdentityRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
}

/// Checks a hello's `identity` against the connection's challenge: the fingerprint it proves, or
/// why not. Pure: no I/O, no clock.
public enum IdentityCheck {
    /// - Parameter nonce: the nonce this connection's `challenge` carried (nil: none was asked
    ///   for, so no identity can be checked).
    public static func verify(_ identity: HelloIdentity, nonce: String?, code: String, name: String,
                              gateway: GatewayVoucher) -> Result<String, IdentityRefusal> {
        guard let nonce else {
            return .failure(IdentityRefusal(description: "an identity needs a challenge: send {\"type\":\"challenge\"} "
                                                + "first and sign its nonce"))
        }
        let bytes = IdentityChallenge.signedBytes(nonce: nonce, code: code, name: name)
        switch identity {
        case .ed25519(let publicKey, let signature):
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
                return .failure(IdentityRefusal(description: "the public key is not an Ed25519 key"))
            }
            guard key.isValidSignature(signature, for: bytes) else {
                return .failure(IdentityRefusal(description: "the signature does not match this connection's "
                                                    + "challenge, code and name"))
            }
            return .success(Fingerprint.ed25519(publicKey: publicKey))
        case .gateway(let fingerprint, let mac):
            guard gateway.verifies(mac, fingerprint: fingerprint, nonce: nonce, code: code, name: name) else {
                return .failure(IdentityRefusal(description: "the gateway proof is not this server's, or not for "
                                                    + "this connection's challenge, code and name"))
            }
            return .success(fingerprint)
        }
    }
}
