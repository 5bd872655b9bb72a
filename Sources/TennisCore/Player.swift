/// One player's simulated state: where they are, how fast they move, and their swing.
public struct PlayerState: Equatable, Hashable, Sendable {
    public var position: Vec2
    public var velocity: Vec2
    /// The stroke being swung, or nil.
    public var swing: ShotKind?
    /// Ticks since the swing started.
    public var swingTicks: UInt8
    /// True once this swing has met the ball (a swing hits at most once).
    public var swingHit: Bool

    public init(position: Vec2) {
        self.position = position
        self.velocity = .zero
        self.swing = nil
        self.swingTicks = 0
        self.swingHit = false
    }

    /// What spectators see of this player.
    public var view: PlayerView {
        PlayerView(position: position, swing: swing, swingTicks: swing == nil ? 0 : swingTicks)
    }

    /// The direction this player hits towards along x: +1 for player 0 (left), −1 for player 1.
    public static func facing(_ player: Int) -> Double { player == 0 ? 1 : -1 }

    /// Accelerates towards the held direction (or brakes), then moves and clamps to the
    /// player's area: own side, at least `minDistanceFromNet` from the net.
    public mutating func move(input: PlayerInput, side: Double, dt: Double) {
        var wx = Double(input.moveX), wy = Double(input.moveY)
        if wx != 0 && wy != 0 {
            wx *= 0.7071067811865476
            wy *= 0.7071067811865476
        }
        let desired = Vec2(x: wx * Physics.playerSpeed, y: wy * Physics.playerSpeed)
        let rate = (wx == 0 && wy == 0) ? Physics.playerBraking : Physics.playerAcceleration
        let maxDelta = rate * dt
        velocity.x = approach(velocity.x, desired.x, maxDelta)
        velocity.y = approach(velocity.y, desired.y, maxDelta)
        position.x += velocity.x * dt
        position.y += velocity.y * dt
        clamp(side: side)
    }

    /// Keeps the player on their own side (`side` −1 = left, +1 = right) within the playing area.
    mutating func clamp(side: Double) {
        let near = Physics.minDistanceFromNet, far = Physics.maxX
        let ax = position.x * side
        if ax < near { position.x = near * side; velocity.x = 0 }
        if ax > far { position.x = far * side; velocity.x = 0 }
        if position.y > Physics.maxY { position.y = Physics.maxY; velocity.y = 0 }
        if position.y < -Physics.maxY { position.y = -Physics.maxY; velocity.y = 0 }
    }

    /// Advances a running swing or starts a new one from `input`. Swings arriving during a swing are ignored.
    mutating func advanceSwing(input: PlayerInput) {
        if swing != nil {
            swingTicks &+= 1
            if swingTicks >= Physics.swingTicks {
                swing = nil
                swingTicks = 0
                swingHit = false
            }
        } else if let kind = input.swing {
            swing = kind
            swingTicks = 0
            swingHit = false
        }
    }

    /// True when the swing is in its contact window and has not yet hit.
    var canHit: Bool { canHit(volley: false) }

    /// True when the swing can meet the ball now; a volley's punch can meet it from `Physics.volleyWindowStart`.
    func canHit(volley: Bool) -> Bool {
        guard swing != nil, !swingHit else { return false }
        let start = volley ? Physics.volleyWindowStart : Physics.contactWindow.lowerBound
        return swingTicks >= start && swingTicks <= Physics.contactWindow.upperBound
    }

    private func approach(_ value: Double, _ target: Double, _ maxDelta: Double) -> Double {
        if value < target { return min(target, value + maxDelta) }
        return max(target, value - maxDelta)
    }
}
