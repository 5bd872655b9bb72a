import TennisCore

/// A `MatchEvent` in JSON form: `{"kind": "point", "player": 0, "reason": "out"}` and so on.
public struct WireEvent: Codable, Equatable, Sendable {
    /// serve, hit, bounce, net, fault, let, point, game, set, match.
    public var kind: String
    public var player: Int?
    public var reason: String?
    public var shot: String?
    public var timing: String?
    public var x: Double?
    public var y: Double?
    public var inside: Bool?
    public var serve_number: Int?

    public init(kind: String, player: Int? = nil, reason: String? = nil, shot: String? = nil, timing: String? = nil,
                x: Double? = nil, y: Double? = nil, inside: Bool? = nil, serveNumber: Int? = nil) {
        self.kind = kind
        self.player = player
        self.reason = reason
        self.shot = shot
        self.timing = timing
        self.x = x
        self.y = y
        self.inside = inside
        self.serve_number = serveNumber
    }

    public init(_ event: MatchEvent) {
        switch event {
        case .serve(let player): self.init(kind: "serve", player: player)
        case .hit(let player, let shot, let timing):
            self.init(kind: "hit", player: player, shot: shot.name, timing: timing.name)
        case .bounce(let at, let inside):
            self.init(kind: "bounce", x: (at.x * 100).rounded() / 100, y: (at.y * 100).rounded() / 100, inside: inside)
        case .netTouch: self.init(kind: "net")
        case .fault(let number): self.init(kind: "fault", serveNumber: Int(number))
        case .let: self.init(kind: "let")
        case .point(let winner, let reason): self.init(kind: "point", player: winner, reason: reason.name)
        case .game(let winner): self.init(kind: "game", player: winner)
        case .set(let winner): self.init(kind: "set", player: winner)
        case .match(let winner): self.init(kind: "match", player: winner)
        }
    }

    /// The event this stands for, if it is one this version knows.
    public var matchEvent: MatchEvent? {
        switch kind {
        case "serve": return player.map { .serve(player: $0) }
        case "hit":
            guard let player, let shot = shot.flatMap(ShotKind.init(name:)),
                  let timing = timing.flatMap(HitTiming.init(name:)) else { return nil }
            return .hit(player: player, shot: shot, timing: timing)
        case "bounce":
            guard let x, let y, let inside else { return nil }
            return .bounce(at: Vec2(x: x, y: y), inside: inside)
        case "net": return .netTouch
        case "fault": return serve_number.map { .fault(serveNumber: UInt8(clamping: $0)) }
        case "let": return .let
        case "point":
            guard let player, let reason = reason.flatMap(PointReason.init(name:)) else { return nil }
            return .point(winner: player, reason: reason)
        case "game": return player.map { .game(winner: $0) }
        case "set": return player.map { .set(winner: $0) }
        case "match": return player.map { .match(winner: $0) }
        default: return nil
        }
    }
}

extension ShotKind {
    /// The stroke's name on the wire and on screen.
    public var name: String {
        switch self {
        case .drive: "drive"
        case .lob: "lob"
        case .slice: "slice"
        case .drop: "drop"
        case .flat: "flat"
        }
    }

    public init?(name: String) {
        guard let kind = ShotKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

extension HitTiming {
    public var name: String {
        switch self {
        case .early: "early"
        case .good: "good"
        case .perfect: "perfect"
        case .late: "late"
        }
    }

    public init?(name: String) {
        guard let timing = [HitTiming.early, .good, .perfect, .late].first(where: { $0.name == name }) else { return nil }
        self = timing
    }
}

extension PointReason {
    public var name: String {
        switch self {
        case .doubleBounce: "double_bounce"
        case .out: "out"
        case .net: "net"
        case .ownSide: "own_side"
        case .doubleFault: "double_fault"
        case .ace: "ace"
        }
    }

    public init?(name: String) {
        guard let reason = PointReason.allCases.first(where: { $0.name == name }) else { return nil }
        self = reason
    }
}
