/// How shots are made: pick a landing point, solve the launch velocity, add error.
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
    }

    /// The profile of each stroke.
    public static func profile(_ kind: ShotKind) -> Profile {
        switch kind {
        case .drive: Profile(flightTime: 1.35, depth: 9.0, depthAim: 1.8, clearance: 0.25, width: 3.0, errorScale: 1.0)
        case .slice: Profile(flightTime: 1.7, depth: 8.5, depthAim: 1.8, clearance: 0.15, width: 2.8, errorScale: 0.8)
        case .lob: Profile(flightTime: 2.7, depth: 9.6, depthAim: 1.5, clearance: 1.5, width: 2.6, errorScale: 1.1)
        case .drop: Profile(flightTime: 1.9, depth: 2.8, depthAim: 1.2, clearance: 0.3, width: 2.6, errorScale: 0.9)
        }
    }

    /// The profile of a serve: the first is faster and riskier, the second safer.
    public static func serveProfile(serveNumber: UInt8) -> Profile {
        serveNumber <= 1
            ? Profile(flightTime: 0.85, depth: 5.4, depthAim: 0, clearance: 0.08, width: 1.3, errorScale: 1.4)
            : Profile(flightTime: 1.05, depth: 4.9, depthAim: 0, clearance: 0.3, width: 1.1, errorScale: 1.0)
    }

    /// The launch velocity that takes a ball from `from` to `target` (on the ground) in `time`
    /// seconds, lengthened if needed so the ball clears the net by `clearance`.
    public static func launchVelocity(from: Vec3, to target: Vec2, time: Double, clearance: Double) -> Vec3 {
        var t = time
        let dx = target.x - from.x
        if dx != 0 && (from.x < 0) != (target.x < 0) {
            // The ball crosses the net at fraction f of its flight. Height there:
            // h(1-f) + g t² f(1-f) / 2 ≥ net + clearance  ⇒  t² ≥ 2(c' - h(1-f)) / (g f (1-f)).
            let f = -from.x / dx
            let yAtNet = from.y + (target.y - from.y) * f
            let need = Physics.netHeight(atY: yAtNet) + clearance - from.z * (1 - f)
            let denom = Physics.gravity * f * (1 - f)
            if need > 0 && denom > 0 {
                t = max(t, (2 * need / denom).squareRoot())
            }
        }
        return Vec3(
            x: dx / t,
            y: (target.y - from.y) / t,
            z: (-from.z + 0.5 * Physics.gravity * t * t) / t
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

    /// How far the contact was from the sweet spot, −1 (late) … +1 (early).
    static func timingError(swingTick: UInt8) -> Double {
        let half = Double(Physics.contactWindow.upperBound - Physics.sweetSpot)
        return Double(Int(swingTick) - Int(Physics.sweetSpot)) / half
    }

    /// Flight-time factor of an attacking (flat) shot, made by holding towards the net.
    public static let attackPace = 0.75
    /// Width factor of an attacking shot's sideways aim.
    public static let attackWidth = 1.2
    /// Downward launch error, m/s, of a very late contact (grows with the square of the lateness beyond 0.3).
    public static let lateDip = 0.8

    /// The velocity of a struck ball. `facing` is +1 when hitting towards +x; `aim` is the
    /// held direction (towards the net: a shorter, wider, faster, flatter and riskier attacking
    /// shot; away: deeper); `swingTick` the swing's tick at contact. Uses `rng` for the error,
    /// which grows with bad timing; a very late contact also tends to go into the net.
    public static func strike(
        kind: ShotKind, from: Vec3, facing: Double, aim: PlayerInput, swingTick: UInt8, rng: inout SplitMix64
    ) -> Vec3 {
        let profile = profile(kind)
        let err = timingError(swingTick: swingTick)
        let quality = abs(err)
        // Holding towards the net flattens the stroke: shorter, wider, faster, lower over the net, riskier.
        let attack = Double(aim.moveX) * facing > 0
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
        var v = launchVelocity(
            from: from, to: target, time: profile.flightTime * pace,
            clearance: profile.clearance * (attack ? 0.7 : 1))
        let lift = (0.03 + 0.16 * quality * quality) * profile.errorScale
        // A late contact (err < 0) tends to drag the ball down into the net.
        let late = max(0, -err - 0.3)
        v.z += gaussian(&rng) * lift - lateDip * late * late * profile.errorScale
        return v
    }

    /// The velocity of a serve from `from` into the box on side `facing`, whose centre-line
    /// edge is at y = 0 and far edge at `boxSign × halfSinglesWidth`. `moveY` aims across the box.
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
}
