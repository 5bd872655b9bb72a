/// A point or vector on the ground plane, in metres.
///
/// Court coordinates: `x` runs along the court's length with the net at `x = 0`,
/// the left player (index 0) on `x < 0` and the right player (index 1) on `x > 0`;
/// `y` runs across the court with the centre line at `y = 0` and `y > 0` towards the
/// bottom of the screen.
public struct Vec2: Equatable, Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Vec2(x: 0, y: 0)
}

/// A point or vector in space, in metres (or metres per second); `z` is the height above the ground.
public struct Vec3: Equatable, Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vec3(x: 0, y: 0, z: 0)

    /// The projection onto the ground.
    public var ground: Vec2 { Vec2(x: x, y: y) }
}

/// A value for each of the two players, indexed by player number (0 = left, 1 = right).
/// A struct of two fields rather than an array, so copying it never allocates.
public struct PerPlayer<Value> {
    public var left: Value
    public var right: Value

    public init(_ left: Value, _ right: Value) {
        self.left = left
        self.right = right
    }

    public init(repeating value: Value) {
        self.left = value
        self.right = value
    }

    public subscript(_ player: Int) -> Value {
        get { player == 0 ? left : right }
        set {
            if player == 0 { left = newValue } else { right = newValue }
        }
    }
}

extension PerPlayer: Equatable where Value: Equatable {}
extension PerPlayer: Hashable where Value: Hashable {}
extension PerPlayer: Sendable where Value: Sendable {}
