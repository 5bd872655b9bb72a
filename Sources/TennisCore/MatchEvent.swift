/// How well a swing met the ball.
public enum HitTiming: UInt8, Sendable, Hashable {
    case early = 0
    case good = 1
    case perfect = 2
    case late = 3
}

/// Why a point ended.
public enum PointReason: UInt8, Sendable, Hashable, CaseIterable {
    /// The ball bounced twice on the receiver's side.
    case doubleBounce = 0
    /// The ball landed outside the court.
    case out = 1
    /// The ball hit the net and did not cross.
    case net = 2
    /// The hitter played the ball into their own side.
    case ownSide = 3
    /// Two faults in a row.
    case doubleFault = 4
    /// A serve nobody touched.
    case ace = 5
}

/// Something that happened during a tick. `step` reports these so clients can show
/// callouts and servers can record what happened, without diffing states.
public enum MatchEvent: Equatable, Sendable {
    case serve(player: Int)
    case hit(player: Int, shot: ShotKind, timing: HitTiming)
    case bounce(at: Vec2, inside: Bool)
    case netTouch
    case fault(serveNumber: UInt8)
    case `let`
    case point(winner: Int, reason: PointReason)
    case game(winner: Int)
    case set(winner: Int)
    case match(winner: Int)
}
