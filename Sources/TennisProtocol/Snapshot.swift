import TennisCore

/// The match as the server sees it between games: playing, or held for a reason.
public enum MatchStatus: UInt8, Sendable, Equatable, CaseIterable {
    /// A seat is still empty; nothing moves.
    case waitingForOpponent = 0
    /// Both players are here; the simulation runs.
    case playing = 1
    /// A seated player lost their connection; the match is paused.
    case paused = 2
    /// The match is over (a winner, a forfeit or an abandon).
    case finished = 3
}

/// One tick of one match, as broadcast to every player and spectator of it.
///
/// Encoded once per tick per match (see `docs/PROTOCOL.md`); positions travel in
/// centimetres and velocities in centimetres per second, so a decoded snapshot equals the
/// original after `quantised()`.
public struct Snapshot: Equatable, Sendable {
    public var serverTimeMicros: UInt64
    /// The last input sequence number applied for each seat (0 before any input).
    public var lastInputSeq: PerPlayer<UInt32>
    public var status: MatchStatus
    public var view: MatchView

    public init(serverTimeMicros: UInt64, lastInputSeq: PerPlayer<UInt32>, status: MatchStatus, view: MatchView) {
        self.serverTimeMicros = serverTimeMicros
        self.lastInputSeq = lastInputSeq
        self.status = status
        self.view = view
    }

    /// The type byte that starts every encoded snapshot.
    public static let typeByte: UInt8 = 0x01

    /// This snapshot with every position and velocity rounded to what the wire carries.
    public func quantised() -> Snapshot {
        var copy = self
        copy.view.ball.position = Quantise.vec3(view.ball.position)
        copy.view.ball.velocity = Quantise.vec3(view.ball.velocity)
        copy.view.players.left.position = Quantise.vec2(view.players.left.position)
        copy.view.players.right.position = Quantise.vec2(view.players.right.position)
        copy.view.ball.spin = Quantise.spin(Quantise.spin(view.ball.spin))
        return copy
    }
}

/// Centimetre quantisation of metres (and metres per second), clamped to Int16: the keyframe's
/// columns of `WireScale`.
enum Quantise {
    static func cm(_ metres: Double) -> Int16 { Int16(WireScale.centimetres.units(metres, in: -32768...32767)) }

    static func metres(_ cm: Int16) -> Double { WireScale.centimetres.value(Int(cm)) }

    static func vec3(_ v: Vec3) -> Vec3 { Vec3(x: metres(cm(v.x)), y: metres(cm(v.y)), z: metres(cm(v.z))) }
    static func vec2(_ v: Vec2) -> Vec2 { Vec2(x: metres(cm(v.x)), y: metres(cm(v.y))) }

    /// Spin (−1…1) in 127ths.
    static let spinSteps = Int8(WireScale.spin127.perUnit)

    static func spin(_ value: Double) -> Int8 {
        guard value.isFinite else { return 0 }
        return Int8(WireScale.spin127.units(max(-1, min(1, value)), in: -127...127))
    }

    static func spin(_ steps: Int8) -> Double { WireScale.spin127.value(Int(steps)) }
}
