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

/// The identity handshake's fixed parts: the nonce a `challenge` carries and the bytes signed.
public enum IdentityChallenge {
    /// Random bytes in a challenge's nonce (sent as 64 lower-case hex digits).
    public static let nonceBytes = 32

    /// A fresh nonce from the system's secure generator, as hex.
    public static func nonce() -> String {
        var rng = SystemRandomNumberGenerator()
        return Hex.encode((0..<nonceBytes).map { _ in UInt8.random(in: .min ... .max, using: &rng) })
    }

    /// The UTF-8 bytes a player signs (docs/PROTOCOL.md, "Identity"): four lines joined by a line
    /// feed (0x0A), no trailing one: `terminal-tennis hello v1`, `nonce ` + the nonce as sent,
    /// `code ` + the hello's `code` as sent, `name ` + the hello's `name` as sent.
    public static func signedBytes(nonce: String, code: String, name: String) -> [UInt8] {
        Array("terminal-tennis hello v1\nnonce \(nonce)\ncode \(code)\nname \(name)".utf8)
    }
}

/// Makes the `identity` of a player's hello once the server's challenge is known.
public protocol HelloSigner: Sendable {
    /// The fingerprint the server will know this player by.
    var fingerprint: String { get }
    /// The proof for a hello with this `code` and `name` on the connection that was sent `nonce`.
    func identity(nonce: String, code: String, name: String) -> HelloIdentity
}

/// Lower-case hex, both ways.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is an even number of hex digits (either case).
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Standard base64 (RFC 4648, `+/`, padded), both ways, strict.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for digit in 0..<4 {
                if digit <= chunk.count {
                    out.append(alphabet[Int(value >> (18 - 6 * digit) & 0x3F)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is padded base64 whose unused bits are zero.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            let quad = utf8[index..<index + 4]
            let padding = quad.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, padding == 0 || index + 4 == utf8.count else { return nil }
            var value: UInt32 = 0
            for (offset, digit) in quad.enumerated() {
                if offset >= 4 - padding { continue }
                guard let bits = Self.value(of: digit) else { return nil }
                value |= UInt32(bits) << (18 - 6 * offset)
            }
            let bytes = [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            let kept = 3 - padding
            // Bits past the last byte must be zero, so each value has one encoding.
            guard bytes[kept...].allSatisfy({ $0 == 0 }) else { return nil }
            out.append(contentsOf: bytes[..<kept])
            index += 4
        }
        return out
    }

    static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): digit - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}

extension IdentityChallenge {
    private struct Message: Codable {
        var type = "challenge"
        var nonce: String
    }

    /// The server's answer to a client's `{"type":"challenge"}`.
    public static func message(nonce: String) -> String {
        JSONText.encode(Message(nonce: nonce))
    }

    /// The nonce of a server's `challenge` message; nil for any other message, or a nonce that is
    /// not 64 hex digits.
    public static func nonce(in text: String) -> String? {
        guard text.utf8.count <= 256, let message: Message = try? JSONText.decode(text), message.type == "challenge",
              message.nonce.utf8.count == nonceBytes * 2, Hex.decode(message.nonce) != nil
        else { return nil }
        return message.nonce
    }
}
