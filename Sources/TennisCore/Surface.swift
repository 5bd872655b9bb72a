/// A court surface: the physics numbers that make hard, clay and grass feel different.
public struct Surface: Equatable, Hashable, Sendable {
    public var name: String
    /// Vertical coefficient of restitution at a bounce (ITF hard court: about 0.73–0.76).
    public var restitution: Double
    /// Fraction of horizontal speed kept through a bounce (lower = slower court).
    public var horizontalRetention: Double

    public init(name: String, restitution: Double, horizontalRetention: Double) {
        self.name = name
        self.restitution = restitution
        self.horizontalRetention = horizontalRetention
    }

    public static let hard = Surface(name: "hard", restitution: 0.75, horizontalRetention: 0.70)
    public static let clay = Surface(name: "clay", restitution: 0.80, horizontalRetention: 0.58)
    public static let grass = Surface(name: "grass", restitution: 0.66, horizontalRetention: 0.84)

    public static let all: [Surface] = [.hard, .clay, .grass]

    /// The preset with this name, if any.
    public static func named(_ name: String) -> Surface? {
        all.first { $0.name == name.lowercased() }
    }
}
