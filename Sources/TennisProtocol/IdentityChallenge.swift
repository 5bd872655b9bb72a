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
