import TennisCore

/// A control message from the server (a JSON text frame). Snapshots travel as binary.
public enum ServerMessage: Equatable, Sendable {
    case welcome(Welcome)
    case roster(Roster)
    case event(tick: UInt32, event: WireEvent)
    case pong(id: UInt32, clientTime: UInt64, serverTime: UInt64)
    case error(code: String, message: String)
    /// The match lives on another node of the cluster: reconnect there. On the wire it is an
    /// `error` with code `moved` and the URL as its message (so older clients read it as a
    /// refusal), plus the seat `reservation` when the directory made one.
    case moved(Redirect)
    /// A chat line from someone in the match: `seat` is nil for a spectator. Already sanitised.
    case chat(Chat)
    /// Both players asked for a rematch: it is match `code` on this server. A player's carries
    /// the seat token that takes its seat there; a spectator's none (and a private match's invite).
    case rematch(Rematch)

    public struct Chat: Codable, Equatable, Sendable {
        public var from: String
        public var seat: Int?
        public var text: String

        public init(from: String, seat: Int?, text: String) {
            self.from = from
            self.seat = seat
            self.text = text
        }
    }

    /// Where a match lives in a cluster, and the seat held there for this client.
    public struct Redirect: Equatable, Sendable {
        /// The owning node's WebSocket URL.
        public var url: String
        /// Present it as the `reservation` of the next hello (players only; short-lived, single use).
        public var reservation: String?

        public init(url: String, reservation: String? = nil) {
            self.url = url
            self.reservation = reservation
        }
    }

    /// The answer to a successful `hello`.
    public struct Welcome: Codable, Equatable, Sendable {
        public var version: Int
        public var code: String
        /// 0 (left) or 1 (right) for a player; nil for a spectator.
        public var seat: Int?
        /// The seat's secret; present it in a later `hello` to take the seat back.
        public var token: String?
        public var format: String
        public var surface: String
        public var tick_rate: Int
        /// The match's statistics so far (absent from older servers).
        public var tally: Tally?
        /// The surface's physics as this server plays it (absent from older servers): a client
        /// predicts with these, never with its own idea of the surface's name.
        public var court: Court?

        public init(code: String, seat: Int?, token: String?, format: String, surface: String, tickRate: Int,
                    tally: Tally? = nil, court: Court? = nil) {
            self.version = WireProtocol.version
            self.code = code
            self.seat = seat
            self.token = token
            self.format = format
            self.surface = surface
            self.tick_rate = tickRate
            self.tally = tally
            self.court = court
        }

        /// The surface to predict and draw with: the server's numbers when it sent them (and they
        /// make sense), else the preset of that name, else hard.
        public var courtSurface: Surface {
            if let court, (0...1).contains(court.restitution), (0...1).contains(court.horizontal_retention) {
                return Surface(name: surface, restitution: court.restitution, horizontalRetention: court.horizontal_retention)
            }
            return Surface.named(surface) ?? .hard
        }
    }

    /// A surface's physics on the wire.
    public struct Court: Codable, Equatable, Sendable {
        public var restitution: Double
        public var horizontal_retention: Double

        public init(_ surface: Surface) {
            restitution = surface.restitution
            horizontal_retention = surface.horizontalRetention
        }
    }

    /// `PointTally` on the wire: per-player pairs, left then right.
    public struct Tally: Codable, Equatable, Sendable {
        public var points_won: [Int]
        public var aces: [Int]
        public var double_faults: [Int]
        public var longest_rally: Int
        public var rally_shots: Int

        public init(_ tally: PointTally) {
            points_won = tally.pointsWon
            aces = tally.aces
            double_faults = tally.doubleFaults
            longest_rally = tally.longestRally
            rally_shots = tally.rallyShots
        }

        /// The tally, or nil when the pairs are not pairs or a count is negative.
        public var pointTally: PointTally? {
            let pairs = [points_won, aces, double_faults]
            guard pairs.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0 >= 0 } }), longest_rally >= 0, rally_shots >= 0
            else { return nil }
            var tally = PointTally()
            tally.pointsWon = points_won
            tally.aces = aces
            tally.doubleFaults = double_faults
            tally.longestRally = longest_rally
            tally.rallyShots = rally_shots
            return tally
        }
    }

    /// Where the rematch is played.
    public struct Rematch: Codable, Equatable, Sendable {
        public var code: String
        /// The seat held for this player there (absent for spectators).
        public var token: String?
        /// A private match's invite secret (for spectators; players have their token).
        public var invite: String?

        public init(code: String, token: String? = nil, invite: String? = nil) {
            self.code = code
            self.token = token
            self.invite = invite
        }
    }

    /// Who is in the match; sent on joining and whenever it changes.
    public struct Roster: Codable, Equatable, Sendable {
        /// Player names, left then right; "" for an empty seat.
        public var names: [String]
        public var connected: [Bool]
        public var spectators: Int
        /// While the match is paused: whole seconds each away player has left to reconnect
        /// before forfeiting (null for a present player). Absent when nobody is away.
        public var reconnect_seconds: [Int?]?
        /// Once the match is over: which players have asked for a rematch, left then right.
        /// Absent while nobody has.
        public var rematch: [Bool]?
        /// For each seat: true when its player gave no identity (unrated, name not theirs), false
        /// for a keyed player or an empty seat. Older servers omit it.
        public var anonymous: [Bool]?

        public init(names: [String], connected: [Bool], spectators: Int, reconnectSeconds: [Int?]? = nil,
                    anonymous: [Bool]? = nil, rematch: [Bool]? = nil) {
            self.anonymous = anonymous
            self.names = names
            self.connected = connected
            self.spectators = spectators
            self.reconnect_seconds = reconnectSeconds
            self.rematch = rematch
        }
    }

    private struct Envelope: Codable { var type: String }
    private struct Tagged<Body: Codable>: Codable {
        var type: String
        var body: Body
        init(_ type: String, _ body: Body) {
            self.type = type
            self.body = body
        }
        enum Keys: String, CodingKey { case type }
        init(from decoder: any Decoder) throws {
            type = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .type)
            body = try Body(from: decoder)
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(type, forKey: .type)
            try body.encode(to: encoder)
        }
    }
    private struct EventBody: Codable {
        var tick: UInt32
        var event: WireEvent
    }
    private struct PongBody: Codable {
        var id: UInt32
        var client_time: UInt64
        var server_time: UInt64
    }
    private struct ErrorBody: Codable {
        var code: String
        var message: String
        /// Only on `moved`.
        var reservation: String?
    }

    public func encode() -> String {
        switch self {
        case .welcome(let welcome): JSONText.encode(Tagged("welcome", welcome))
        case .roster(let roster): JSONText.encode(Tagged("roster", roster))
        case .event(let tick, let event): JSONText.encode(Tagged("event", EventBody(tick: tick, event: event)))
        case .pong(let id, let client, let server):
            JSONText.encode(Tagged("pong", PongBody(id: id, client_time: client, server_time: server)))
        case .error(let code, let message): JSONText.encode(Tagged("error", ErrorBody(code: code, message: message)))
        case .moved(let redirect):
            JSONText.encode(Tagged("error", ErrorBody(code: "moved", message: redirect.url,
                                                      reservation: redirect.reservation)))
        case .chat(let chat): JSONText.encode(Tagged("chat", chat))
        case .rematch(let rematch): JSONText.encode(Tagged("rematch", rematch))
        }
    }

    public static func decode(_ text: String) throws(ProtocolError) -> ServerMessage {
        let envelope: Envelope = try JSONText.decode(text)
        switch envelope.type {
        case "welcome":
            let message: Tagged<Welcome> = try JSONText.decode(text)
            return .welcome(message.body)
        case "roster":
            let message: Tagged<Roster> = try JSONText.decode(text)
            return .roster(message.body)
        case "event":
            let message: Tagged<EventBody> = try JSONText.decode(text)
            return .event(tick: message.body.tick, event: message.body.event)
        case "pong":
            let message: Tagged<PongBody> = try JSONText.decode(text)
            return .pong(id: message.body.id, clientTime: message.body.client_time, serverTime: message.body.server_time)
        case "error":
            let message: Tagged<ErrorBody> = try JSONText.decode(text)
            if message.body.code == "moved" {
                return .moved(Redirect(url: message.body.message, reservation: message.body.reservation))
            }
            return .error(code: message.body.code, message: message.body.message)
        case "chat":
            let message: Tagged<Chat> = try JSONText.decode(text)
            return .chat(message.body)
        case "rematch":
            let message: Tagged<Rematch> = try JSONText.decode(text)
            return .rematch(message.body)
        default:
            throw .invalidValue("type")
        }
    }
}
