import Foundation
import TennisCore

/// The role a connection asks for in its `hello`.
public enum Role: String, Codable, Sendable {
    case player
    case spectator
}

/// A control message from a client (a JSON text frame). Inputs travel as binary `InputFrame`s.
public enum ClientMessage: Equatable, Sendable {
    /// The first message on every connection.
    case hello(Hello)
    /// A round-trip-time probe; the server answers with `pong`.
    case ping(id: UInt32, clientTime: UInt64)
    /// A short chat line or reaction for everyone in the match (at most `maxChatLength` characters).
    case chat(text: String)
    /// A player of a finished match asks to play again; when both have, everyone gets `rematch`.
    case rematch
    /// Asks for the nonce a player signs in its hello (`identity`); only before the hello.
    case challenge
    /// A chat line of a spectator another node relays the match to, passed up by that node's
    /// relay (`relay_chat`); the owner takes it only on an authenticated relay link.
    case relayedChat(from: String, text: String)

    /// The longest chat line, in characters; longer ones are refused.
    public static let maxChatLength = 80
    /// The longest sender's name a `relay_chat` may carry (a name is shown cut to 16; the relay
    /// sends it as its spectator gave it, so allow for what sanitising will remove).
    public static let maxRelayedNameLength = 64

    /// Whether `text` has the form of a relay proof: 64 lowercase hex digits.
    static func isRelayProof(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public struct Hello: Codable, Equatable, Sendable {
        public var version: Int
        public var role: Role
        public var code: String
        public var name: String
        /// The seat token from an earlier `welcome`, to take back the same seat.
        public var token: String?
        /// Snapshots per second wanted (1–60; default 60). Spectators on slow links ask for fewer.
        public var rate: Int?
        /// The invite secret of a private match (players and spectators alike).
        public var invite: String?
        /// The seat reservation a `moved` redirect carried: the owning node holds a seat for it.
        public var reservation: String?
        /// A player's proof of its key, over the nonce of the connection's `challenge` (nil: anonymous).
        public var identity: HelloIdentity?
        /// A spectator that is another node's relay of the match: not counted among the
        /// spectators (the node reports its own audience through the cluster's directory).
        public var relay: Bool?
        /// A relay's proof that a node of the cluster sent it (`relay_proof`: 64 hex digits of
        /// an HMAC under the cluster's shared secret); required with `relay`.
        public var relayProof: String?

        public init(version: Int = WireProtocol.version, role: Role, code: String, name: String, token: String? = nil,
                    rate: Int? = nil, invite: String? = nil, reservation: String? = nil,
                    identity: HelloIdentity? = nil, relay: Bool? = nil, relayProof: String? = nil) {
            self.relay = relay
            self.relayProof = relayProof
            self.identity = identity
            self.version = version
            self.role = role
            self.code = code
            self.name = name
            self.token = token
            self.rate = rate
            self.invite = invite
            self.reservation = reservation
        }
    }

    private struct Envelope: Codable { var type: String }
    private struct Ping: Codable {
        var type = "ping"
        var id: UInt32
        var client_time: UInt64

        init(id: UInt32, client_time: UInt64) {
            self.id = id
            self.client_time = client_time
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeUnsigned(UInt32.self, forKey: .id)
            client_time = try container.decodeUnsigned(UInt64.self, forKey: .client_time)
        }
    }
    private struct Chat: Codable {
        var type = "chat"
        var text: String
    }
    private struct RelayChat: Codable {
        var type = "relay_chat"
        var from: String
        var text: String
    }
    private struct HelloEnvelope: Codable {
        var type = "hello"
        var version: Int
        var role: Role
        var code: String
        var name: String
        var token: String?
        var rate: Int?
        var invite: String?
        var reservation: String?
        var identity: HelloIdentity.Wire?
        var relay: Bool?
        var relay_proof: String?
    }

    public func encode() -> String {
        switch self {
        case .hello(let hello):
            JSONText.encode(HelloEnvelope(version: hello.version, role: hello.role, code: hello.code,
                                          name: hello.name, token: hello.token, rate: hello.rate,
                                          invite: hello.invite, reservation: hello.reservation,
                                          identity: hello.identity?.wire, relay: hello.relay,
                                          relay_proof: hello.relayProof))
        case .ping(let id, let time):
            JSONText.encode(Ping(id: id, client_time: time))
        case .chat(let text):
            JSONText.encode(Chat(text: text))
        case .rematch:
            JSONText.encode(Envelope(type: "rematch"))
        case .challenge:
            JSONText.encode(Envelope(type: "challenge"))
        case .relayedChat(let from, let text):
            JSONText.encode(RelayChat(from: from, text: text))
        }
    }

    /// Parses an untrusted JSON text frame.
    public static func decode(_ text: String) throws(ProtocolError) -> ClientMessage {
        let envelope: Envelope = try JSONText.decode(text)
        switch envelope.type {
        case "hello":
            let hello: HelloEnvelope = try JSONText.decode(text)
            if let rate = hello.rate, !(1...60).contains(rate) { throw .invalidValue("rate") }
            if let invite = hello.invite, invite.utf8.count > 64 { throw .invalidValue("invite") }
            if let reservation = hello.reservation, reservation.utf8.count > 64 { throw .invalidValue("reservation") }
            if let proof = hello.relay_proof, !isRelayProof(proof) { throw .invalidValue("relay_proof") }
            var identity: HelloIdentity?
            if let wire = hello.identity { identity = try HelloIdentity(wire) }
            return .hello(Hello(version: hello.version, role: hello.role, code: hello.code, name: hello.name,
                                token: hello.token, rate: hello.rate, invite: hello.invite,
                                reservation: hello.reservation, identity: identity, relay: hello.relay,
                                relayProof: hello.relay_proof))
        case "ping":
            let ping: Ping = try JSONText.decode(text)
            return .ping(id: ping.id, clientTime: ping.client_time)
        case "chat":
            let chat: Chat = try JSONText.decode(text)
            guard chat.text.count <= maxChatLength, !chat.text.isEmpty else { throw .invalidValue("text") }
            return .chat(text: chat.text)
        case "rematch":
            return .rematch
        case "challenge":
            return .challenge
        case "relay_chat":
            let chat: RelayChat = try JSONText.decode(text)
            guard chat.text.count <= maxChatLength, !chat.text.isEmpty else { throw .invalidValue("text") }
            guard chat.from.count <= maxRelayedNameLength, !chat.from.isEmpty else { throw .invalidValue("from") }
            return .relayedChat(from: chat.from, text: chat.text)
        default:
            throw .unknownMessage(envelope.type)
        }
    }
}

/// JSON helpers shared by the control messages.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Control messages either way: 16 frames' worth, a few levels deep.
    static let gate = JSONGate(maxBytes: WireProtocol.maxClientMessageSize * 16)

    static func decode<T: Decodable>(_ text: String) throws(ProtocolError) -> T {
        guard text.utf8.count <= gate.maxBytes else {
            throw .tooLarge(size: text.utf8.count, limit: gate.maxBytes)
        }
        do {
            // Foundation's scanner traps on some malformed input: it only ever sees what the gate passed.
            try gate.check(text.utf8)
        } catch {
            throw .malformedJSON(error.description)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            // A field of the right JSON kind whose value is not allowed: an unknown `role`, a
            // negative or fractional number for an unsigned integer, one out of its range.
            throw .invalidValue(context.codingPath.map(\.stringValue).joined(separator: "."))
        } catch let error as DecodingError {
            throw .malformedJSON(describe(error))
        } catch {
            throw .malformedJSON("unreadable")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "bad field \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "bad field \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: "unreadable"
        }
    }
}

extension KeyedDecodingContainer {
    /// An unsigned integer field. A number that is not one (negative, fractional, too big) is a
    /// bad value of that field (`invalid_value`), not unreadable JSON, whatever the platform's decoder says.
    func decodeUnsigned<T: FixedWidthInteger & UnsignedInteger & Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        do {
            return try decode(T.self, forKey: key)
        } catch {
            guard (try? decode(Double.self, forKey: key)) != nil else { throw error }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a \(T.self)")
        }
    }
}
