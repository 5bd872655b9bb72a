/// How shots are made: pick a landing point, solve the launch velocity (for the ball's spin), add error.
public enum Shot {
    /// The character of a stroke: how long it flies, how far it lands, how much it clears the net, how error-prone it is.
    public struct Profile: Sendable {
        /// Flight time from contact to the first bounce, seconds (before timing changes it).
        public var flightTime: Double
        /// Default landing distance from the net, metres (holding away from the net adds, towards subtracts).
        public var depth: Double
        /// Depth change when the player holds towards / away from the net.
        public var depthAim: Double
        /// Lowest allowed height above the net tape at the crossing, metres.
        public var clearance: Double
        /// Landing across the court for a full sideways aim, metres.
        public var width: Double
        /// Scale of the random error (1 = a drive).
        public var errorScale: Double
        /// The spin put on the ball, −1 (backspin) … +1 (topspin).
        public var spin: Double = 0
    }

    /// The ball leaving the racket: its velocity, its spin and how the stroke was played.
    public struct Stroke: Equatable, Sendable {
        public var velocity: Vec3
        public var spin: Double
        public var style: StrokeStyle

        public init(velocity: Vec3, spin: Double, style: StrokeStyle) {
            self.velocity = velocity
            self.spin = spin
            self.style = style
        }
    }

    /// The profile of each stroke (groundstrokes; `volley` and `smash` adjust it).
    public static func profile(_ kind: ShotKind) -> Profile {
        switch kind {
        case .drive:
            Profile(flightTime: 1.35, depth: 9.0, depthAim: 1.8, clearance: 0.35, width: 3.0, errorScale: 1.0, spin: 0.6)
        case .flat:
            Profile(flightTime: 1.05, depth: 9.3, depthAim: 1.6, clearance: 0.1, width: 3.1, errorScale: 1.3, spin: 0.1)
        case .slice:
            Profile(flightTime: 1.75, depth: 8.5, depthAim: 1.8, clearance: 0.15, width: 2.8, errorScale: 0.8, spin: -0.6)
        case .lob:
            Profile(flightTime: 3.6, depth: 9.6, depthAim: 1.5, clearance: 1.5, width: 2.6, errorScale: 1.1, spin: 0.3)
        case .drop:
            Profile(flightTime: 1.6, depth: 2.6, depthAim: 1.0, clearance: 0.2, width: 2.6, errorScale: 0.9, spin: -1.0)
        }
    }

    /// The overhead smash: fast, steep, hard to return.
    public static let smashProfile = Profile(
        flightTime: 0.55, depth: 7.5, depthAim: 1.5, clearance: 0.1, width: 3.2, errorScale: 0.8, spin: 0.1)

    /// A volley (contact before the bounce): the stroke's profile punched — shorter, faster, less spin, steadier.
    public static func volleyProfile(_ kind: ShotKind) -> Profile {
        var p = profile(kind)
        if kind == .lob || kind == .drop { return p }  // touch volleys keep their shape
        p.flightTime *= volleyPace
        p.depth = max(5.5, p.depth - volleyShorten)
        p.clearance = min(p.clearance, 0.15)
        p.spin *= 0.3
        p.errorScale *= 0.85
        return p
    }

    /// Flight-time factor of a volley, and how much shorter it lands, metres.
    public static let volleyPace = 0.8
    public static let volleyShorten = 1.5

    /// The profile of a serve: the first is faster and riskier, the second safer.
    public static func serveProfile(serveNumber: UInt8) -> Profile {
        serveNumber <= 1
            ? Profile(flightTime: 0.85, depth: 5.7, depthAim: 0, clearance: 0.08, width: 1.4, errorScale: 1.6, spin: 0.1)
            : Profile(flightTime: 1.05, depth: 5.2, depthAim: 0, clearance: 0.3, width: 1.2, errorScale: 1.2, spin: 0.4)
    }

    /// The launch velocity that takes a ball from `from` to `target` (on the ground) in `time`
    /// seconds, lengthened if needed so the ball clears the net by `clearance`.
    public static func launchVelocity(from: Vec3, to target: Vec2, time: Double, clearance: Double) -> Vec3 {
        launchVelocity(from: from, to: target, time: time, clearance: clearance, spin: 0)
    }

    /// `launchVelocity(from:to:time:clearance:)` for a ball with `spin` (which changes its effective gravity).
    public static func launchVelocity(from: Vec3, to target: Vec2, time: Double, clearance: Double, spin: Double) -> Vec3 {
        let g = Physics.gravity(spin: spin)
        var t = time
        let dx = target.x - from.x
        if dx != 0 && (from.x < 0) != (target.x < 0) {
            // The ball crosses the net at fraction f of its flight. Height there:
            // h(1-f) + g t² f(1-f) / 2 ≥ net + clearance  ⇒  t² ≥ 2(c' - h(1-f)) / (g f (1-f)).
            let f = -from.x / dx
            let yAtNet = from.y + (target.y - from.y) * f
            let need = Physics.netHeight(atY: yAtNet) + clearance - from.z * (1 - f)
            let denom = g * f * (1 - f)
            if need > 0 && denom > 0 {
                t = max(t, (2 * need / denom).squareRoot())
            }
        }
        return Vec3(
            x: dx / t,
            y: (target.y - from.y) / t,
            z: (-from.z + 0.5 * g * t * t) / t
        )
    }

    /// An approximately normal random number (mean 0, standard deviation 1).
    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let sum = rng.nextUnit() + rng.nextUnit() + rng.nextUnit() + rng.nextUnit()
        return (sum - 2) * 1.7320508075688772
    }

    /// The timing grade of contact at `swingTick` of the swing. A ball met late in the window
    /// means the swing came early (`.early`), met early in the window means `.late`.
    public static func timing(swingTick: UInt8) -> HitTiming {
        let offset = Int(swingTick) - Int(Physics.sweetSpot)
        switch offset {
        case -1...1: return .perfect
        case -3...3: return .good
        case 4...: return .early
        default: return .late
        }
    }

    /// The grade of a serve struck `tossTicks` after the toss (for callouts): within
    /// `Physics.servePerfectTicks` of the ideal `.perfect`, within a third of `serveTimingSpan`
    /// `.good`, else `.early` (ball still rising) or `.late` (ball dropping).
    public static func serveTiming(tossTicks: UInt32) -> HitTiming {
        let offset = Int(tossTicks) - Int(Physics.tossIdealTicks)
        if abs(offset) <= Physics.servePerfectTicks { return .perfect }
        if Double(abs(offset)) <= Physics.serveTimingSpan / 3 { return .good }
        return offset < 0 ? .early : .late
    }

    /// How far the contact was from the sweet spot, −1 (late) … +1 (early).
    static func timingError(swingTick: UInt8) -> Double {
        let half = Double(Physics.contactWindow.upperBound - Physics.sweetSpot)
        return max(-1.5, Double(Int(swingTick) - Int(Physics.sweetSpot)) / half)
    }

    /// Flight-time factor of an attacking (flat) shot, made by holding towards the net.
    public static let attackPace = 0.75
    /// Width factor of an attacking shot's sideways aim.
    public static let attackWidth = 1.2
    /// Downward launch error, m/s, of a very late contact (grows with the square of the lateness beyond 0.3).
    public static let lateDip = 0.8

    /// The velocity of a struck groundstroke, ignoring its spin (kept for callers that only
    /// need a velocity; `stroke(kind:from:facing:aim:swingTick:volley:rng:)` gives the spin too,
    /// and the ball only lands on target when it flies with that spin).
    public static func strike(
        kind: ShotKind, from: Vec3, facing: Double, aim: PlayerInput, swingTick: UInt8, rng: inout SplitMix64
    ) -> Vec3 {
        stroke(kind: kind, from: from, facing: facing, aim: aim, swingTick: swingTick, volley: false, rng: &rng).velocity
    }

    /// The style a stroke of `kind` met at height `z` (before the bounce if `volley`) is played in.
    public static func style(kind: ShotKind, contactHeight z: Double, volley: Bool) -> StrokeStyle {
        if (kind == .drive || kind == .flat) && z >= Physics.smashHeight { return .smash }
        return volley ? .volley : .groundstroke
    }

    /// A struck ball. `facing` is +1 when hitting towards +x; `aim` is the held direction
    /// (towards the net: a shorter, wider, faster, flatter and riskier attacking shot; away:
    /// deeper); `swingTick` the swing's tick at contact; `volley` true for contact before the
    /// bounce. A drive or flat met above `Physics.smashHeight` is a smash. Uses `rng` for the
    /// error, which grows with bad timing; a very late contact also tends to go into the net.
    public static func stroke(
        kind: ShotKind, from: Vec3, facing: Double, aim: PlayerInput, swingTick: UInt8, volley: Bool,
        rng: inout SplitMix64
    ) -> Stroke {
        let style = style(kind: kind, contactHeight: from.z, volley: volley)
        let profile: Profile
        switch style {
        case .smash: profile = smashProfile
        case .volley: profile = volleyProfile(kind)
        case .groundstroke, .serve: profile = Self.profile(kind)
        }
        // A volley is a short punch: timing matters less.
        let err = timingError(swingTick: swingTick) * (style == .volley ? 0.6 : 1)
        let quality = abs(err)
        // Holding towards the net flattens the stroke: shorter, wider, faster, lower over the net, riskier.
        let attack = Double(aim.moveX) * facing > 0 && style == .groundstroke
        // Early contact pulls the ball to the hitter's left, late pushes it right.
        // Player 0 faces +x so their right is +y; player 1's right is −y.
        let rightward = facing
        let pull = -err * 1.6 * rightward
        let depthAim = -Double(aim.moveX) * facing * profile.depthAim  // towards the net: shorter
        let depth = profile.depth + depthAim
        let width = profile.width * (attack ? attackWidth : 1)
        var target = Vec2(x: facing * depth, y: Double(aim.moveY) * width + pull)
        // Error grows with bad timing: landing spread and launch-angle error.
        let spread = (0.5 + 1.6 * quality * quality) * profile.errorScale
        target.x += gaussian(&rng) * spread
        target.y += gaussian(&rng) * spread * 0.8
        let pace = (quality <= 0.25 ? 0.9 : 1.0 + 0.12 * quality) * (attack ? attackPace : 1)
        let spin = profile.spin * (attack ? 0.5 : 1)
        var v = launchVelocity(
            from: from, to: target, time: profile.flightTime * pace,
            clearance: profile.clearance * (attack ? 0.7 : 1), spin: spin)
        let lift = (0.03 + 0.16 * quality * quality) * profile.errorScale
        // A late contact (err < 0) tends to drag the ball down into the net.
        let late = max(0, -err - 0.3)
        v.z += gaussian(&rng) * lift - lateDip * late * late * profile.errorScale
        return Stroke(velocity: v, spin: spin, style: style)
    }

    /// The velocity of a serve from `from` into the box on side `facing`, whose centre-line
    /// edge is at y = 0 and far edge at `boxSign × halfSinglesWidth`. `moveY` aims across the box.
    /// An average-quality flat serve without spin (kept for existing callers; the match uses
    /// `serve(from:facing:boxSign:moveY:serveNumber:kind:timing:rng:)`).
    public static func serve(
        from: Vec3, facing: Double, boxSign: Double, moveY: Int8, serveNumber: UInt8, rng: inout SplitMix64
    ) -> Vec3 {
        let profile = serveProfile(serveNumber: serveNumber)
        let centreY = boxSign * Court.halfSinglesWidth / 2
        var target = Vec2(x: facing * profile.depth, y: centreY + Double(moveY) * profile.width)
        target.x += gaussian(&rng) * 0.6 * profile.errorScale
        target.y += gaussian(&rng) * 0.5 * profile.errorScale
        var v = launchVelocity(from: from, to: target, time: profile.flightTime, clearance: profile.clearance)
        v.z += gaussian(&rng) * 0.08 * profile.errorScale
        return v
    }

    /// A served ball, struck at `timing` — the contact's distance from the ideal contact
    /// (`Physics.tossIdealTicks` after the toss) in units of `Physics.serveTimingSpan` ticks,
    /// negative when early (ball still rising), positive when late (ball dropping).
    ///
    /// Perfect timing (0) gives the fastest, most accurate serve; the further off, the slower and
    /// wilder (early tends long, late tends into the net); beyond `Physics.serveMishit` it is a
    /// mishit into the net. `kind` shapes it: `.flat` fastest, `.slice` curves with backspin,
    /// anything else is a kick serve (topspin, safer margin, a little slower).
    public static func serve(
        from: Vec3, facing: Double, boxSign: Double, moveY: Int8, serveNumber: UInt8, kind: ShotKind,
        timing: Double, rng: inout SplitMix64
    ) -> Stroke {
        let q = abs(timing)
        let centreY = boxSign * Court.halfSinglesWidth / 2
        if q > Physics.serveMishit {
            // Framed: the ball goes down into the net (at 0.45 m, 0.45 s after contact).
            let t = 0.45, g = Physics.gravity
            let v = Vec3(
                x: -from.x / t, y: (centreY * 0.5 - from.y) / t,
                z: (0.45 - from.z + 0.5 * g * t * t) / t)
            _ = gaussian(&rng)
            return Stroke(velocity: v, spin: 0, style: .serve)
        }
        var profile = serveProfile(serveNumber: serveNumber)
        switch kind {
        case .flat:
            profile.spin = 0.05
            profile.flightTime *= 0.95
            profile.errorScale *= 1.1
        case .slice:
            profile.spin = -0.4
            profile.width += 0.3
            profile.flightTime *= 1.05
        case .drive, .lob, .drop:
            profile.spin = max(profile.spin, 0.5)
            profile.flightTime *= 1.08
            profile.clearance += 0.1
            profile.errorScale *= 0.85
        }
        let pace = 0.9 + 0.3 * q
        let errorScale = profile.errorScale * (0.7 + 1.5 * q * q)
        var target = Vec2(x: facing * profile.depth, y: centreY + Double(moveY) * profile.width)
        // Early (ball still rising) tends long, late (ball dropping) tends into the net.
        target.x += facing * -timing * 0.8 * q
        target.x += gaussian(&rng) * 0.6 * errorScale
        target.y += gaussian(&rng) * 0.5 * errorScale
        var v = launchVelocity(
            from: from, to: target, time: profile.flightTime * pace, clearance: profile.clearance, spin: profile.spin)
        v.z += gaussian(&rng) * 0.08 * errorScale - max(0, timing - 0.3) * 0.9
        return Stroke(velocity: v, spin: profile.spin, style: .serve)
    }
}
