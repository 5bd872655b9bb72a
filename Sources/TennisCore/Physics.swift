/// Every tuning number of the simulation, in one place.
///
/// Time is scaled for a terminal: the court keeps its real size, but the game runs
/// `timeScale` (0.5) times as fast as real tennis. Speeds are multiplied by `timeScale` and
/// gravity by `timeScale²`, which keeps real arc shapes (a trajectory traced in slow motion).
/// Resulting flight times (contact to first bounce, perfect timing): flat ≈ 0.95 s, drive ≈ 1.2 s,
/// slice ≈ 1.6 s, lob ≈ 3.2 s, drop ≈ 1.5–2 s, smash ≈ 0.5 s, first serve ≈ 0.8 s, second serve
/// ≈ 1 s. Spin changes the vertical acceleration in flight and the bounce (see `Ball`).
public enum Physics {
    /// Simulation time per real time: 0.5 means everything happens at half speed.
    public static let timeScale = 0.5
    /// Gravity in scaled time (9.81 m/s² × timeScale²).
    public static let gravity = 9.81 * timeScale * timeScale
    /// Fixed step of the simulation, in seconds.
    public static let dt = 1.0 / 60.0

    // MARK: Ball and net

    /// Below this upward speed after a bounce the ball stops bouncing and rolls.
    public static let rollThreshold = 0.25
    /// Rolling friction: fraction of horizontal speed lost per second while rolling.
    public static let rollFriction = 1.5
    /// A ball crossing the net plane up to this far below the tape clips it and still crosses.
    public static let tapeBand = 0.03
    /// The net's half-span across the court (to the doubles posts); no net beyond it.
    public static let netHalfSpan = Court.halfDoublesWidth + 0.914
    /// Distance from the centre line to the singles sticks, where the net reaches `netHeightPost`.
    public static let singlesStickY = Court.halfSinglesWidth + 0.914

    /// The height of the net's top at `y` across the court: `netHeightCentre` at the centre,
    /// rising linearly to `netHeightPost` at the singles sticks.
    public static func netHeight(atY y: Double) -> Double {
        let t = min(abs(y), singlesStickY) / singlesStickY
        return Court.netHeightCentre + (Court.netHeightPost - Court.netHeightCentre) * t
    }

    // MARK: Spin

    /// Extra downward acceleration of full topspin, as a fraction of gravity (Magnus-like dip).
    public static let topspinDip = 0.35
    /// Lift of full backspin, as a fraction of gravity (a backspin ball floats; gravity × (1 − 0.2)).
    public static let backspinFloat = 0.2
    /// Change of the vertical restitution at a bounce per unit of topspin (it kicks up).
    public static let spinKick = 0.14
    /// Change of the vertical restitution at a bounce per unit of backspin (it stays low).
    public static let spinDamp = 0.2
    /// Change of the horizontal speed kept at a bounce per unit of topspin (it kicks on).
    public static let spinRun = 0.14
    /// Change of the horizontal speed kept at a bounce per unit of backspin (it bites and slows).
    public static let spinBite = 0.3
    /// Caps on the spin-adjusted bounce numbers.
    public static let maxRestitution = 0.92
    public static let maxRetention = 0.95
    /// Fraction of spin left after a bounce.
    public static let spinAfterBounce = 0.5

    // MARK: Players

    /// Top running speed, m/s (scaled time; deliberately generous so keyboard players can reach wide balls).
    public static let playerSpeed = 5.0
    /// Acceleration towards the held direction, m/s².
    public static let playerAcceleration = 40.0
    /// Deceleration when no direction is held, m/s².
    public static let playerBraking = 60.0
    /// Players stay at least this far from the net, on their own side.
    public static let minDistanceFromNet = 0.5
    /// Players stay within |x| ≤ maxX and |y| ≤ maxY.
    public static let maxX = 17.0
    public static let maxY = 8.0

    // MARK: Swing

    /// A swing lasts this many ticks.
    public static let swingTicks: UInt8 = 18
    /// Contact is possible while `swingTicks` is in this range; its middle is the sweet spot.
    public static let contactWindow: ClosedRange<UInt8> = 3...13
    /// The middle of the contact window: a ball met here is "perfect".
    public static let sweetSpot: UInt8 = 8
    /// Horizontal reach around the player, metres.
    public static let reach = 1.6
    /// The highest ball a player can hit, metres.
    public static let maxHitHeight = 2.6
    /// The ball is struck once it is this close (or closer) in front of the player, along x.
    public static let strikeAhead = 0.4
    /// A volley (contact before the bounce) is a short punch: contact is possible from this swing tick.
    public static let volleyWindowStart: UInt8 = 1
    /// The sweet spot of a volley's swing (earlier than a groundstroke's `sweetSpot`).
    public static let volleySweetSpot: UInt8 = 5
    /// A drive or flat met at or above this height is an overhead smash.
    public static let smashHeight = 2.0

    // MARK: Serve

    /// The server stands this far behind the baseline.
    public static let serveBehindBaseline = 0.3
    /// Height and upward speed of the ball when the toss is released (apex ≈ 2.66 m after ≈ 37 ticks).
    public static let tossHeight = 2.2
    public static let tossSpeed = 1.5
    /// Ticks from the toss to the ideal contact (the ball just past the top of the toss).
    public static let tossIdealTicks: UInt32 = 40
    /// Kept for compatibility: the ideal contact tick of the toss (same as `tossIdealTicks`).
    public static let tossTicks: UInt32 = tossIdealTicks
    /// A serve struck this many ticks from the ideal contact has timing error 1 (slow and wild).
    public static let serveTimingSpan = 24.0
    /// A serve struck more than `serveMishit × serveTimingSpan` ticks (30) from the ideal is a mishit into the net.
    public static let serveMishit = 1.25
    /// Contact within this many ticks of the ideal is a perfect serve (`HitTiming.perfect`).
    public static let servePerfectTicks = 3
    /// Swings in the first ticks after the toss are ignored (a double-tap or key repeat is not a serve).
    public static let tossGraceTicks: UInt32 = 6
    /// A toss not struck by the time it falls to this height is caught (and tossed again).
    public static let tossCatchHeight = 1.0
    /// Tosses that may be caught without penalty per serve; one more uncaught toss is a fault.
    public static let maxTossCatches: UInt8 = 2
    /// The timing error of an automatic serve (an average serve, struck a little late).
    public static let autoServeTiming = 0.35
    /// An idle server serves automatically after this many ticks (8 s), to keep matches moving.
    public static let autoServeTicks: UInt32 = 480
    /// Ticks between the end of a point and the next serve (1.5 s).
    public static let pointOverTicks: UInt32 = 90
}
