/// Who a player says they are, proved: carried in a player's `hello` as `identity`.
///
/// The proof is over `IdentityChallenge.signedBytes`, which bind the connection's challenge
/// nonce, the hello's `code` and its `name`: it is good for that one connection and hello only.
public enum HelloIdentity: Equatable, Sendable {
    /// An Ed25519 public key (32 bytes) and its signature (64 bytes) of the signed bytes.
    case ed25519(publicKey: [UInt8], signature: [UInt8])
    /// A key a gateway in the server's own process checked (an ssh key), named by its OpenSSH
    /// fingerprint, with the gateway's HMAC-SHA256 (32 bytes) of the fingerprint and the signed bytes.
    case gateway(fingerprint: String, mac: [UInt8])

    /// The longest fingerprint accepted: `SHA256:` and 43 base64 digits is 50.
    public static let maxFingerprintLength = 64

    /// The JSON object in a hello.
    struct Wire: Codable {
        var kind: String
        var public_key: String?
        var signature: String?
        var fingerprint: String?
        var mac: String?
    }

    var wire: Wire {
        switch self {
        case .ed25519(let key, let signature):
            Wire(kind: "ed25519", public_key: Base64.encode(key), signature: Base64.encode(signature))
        case .gateway(let fingerprint, let mac):
            Wire(kind: "gateway", fingerprint: fingerprint, mac: Hex.encode(mac))
        }
    }

    /// Every field's size is checked before it is decoded: a bad one is `invalid_value`.
    init(_ wire: Wire) throws(ProtocolError) {
        switch wire.kind {
        case "ed25519":
            // 32 bytes are 44 base64 characters, 64 bytes 88; nothing longer is decoded.
            guard let text = wire.public_key, text.utf8.count == 44, let key = Base64.decode(text), key.count == 32
            else { throw .invalidValue("identity.public_key") }
            guard let text = wire.signature, text.utf8.count == 88, let signature = Base64.decode(text),
                  signature.count == 64
            else { throw .invalidValue("identity.signature") }
            self = .ed25519(publicKey: key, signature: signature)
        case "gateway":
            guard let fingerprint = wire.fingerprint, Self.isFingerprint(fingerprint)
            else { throw .invalidValue("identity.fingerprint") }
            guard let text = wire.mac, text.utf8.count == 64, let mac = Hex.decode(text)
            else { throw .invalidValue("identity.mac") }
            self = .gateway(fingerprint: fingerprint, mac: mac)
        default:
            throw .invalidValue("identity.kind")
        }
    }

    /// An OpenSSH-style fingerprint: `SHA256:` then 43 characters of unpadded base64.
    public static func isFingerprint(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst(7)
        return text.utf8.count == 50 && text.hasPrefix("SHA256:")
            && digits.allSatisfy { Base64.value(of: $0) != nil }
    }
}

extension HelloIdentity: Codable {
    /// As in a hello: the same checks as there.
    public init(from decoder: any Decoder) throws {
        try self.init(Wire(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try wire.encode(to: encoder)
    }
}

/// Makes the `identity` of a player's hello once the server's challenge is known.
public protocol HelloSigner: Sendable {
    /// The fingerprint the server will know this player by.
    var fingerprint: String { get }
    /// The proof for a hello with this `code` and `name` on the connection that was sent `nonce`.
    func identity(nonce: String, code: String, name: String) -> HelloIdentity
}
