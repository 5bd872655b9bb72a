/// How hard a session tries to get its link back after it drops.
public struct RetryPolicy: Sendable, Equatable {
    /// Delay before the first retry, doubled each time up to `maxDelay`.
    public var firstDelay: Double
    public var maxDelay: Double
    /// Give up after this many seconds without a connection (a player's grace period).
    public var giveUpAfter: Double

    public init(firstDelay: Double = 0.25, maxDelay: Double = 4, giveUpAfter: Double = 30) {
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
        self.giveUpAfter = giveUpAfter
    }

    /// No retries at all: the first link's end is the session's end.
    public static let never = RetryPolicy(firstDelay: 0, maxDelay: 0, giveUpAfter: 0)

    /// The wait before retry number `attempt` (1, 2, …).
    public func delay(attempt: Int) -> Double {
        min(maxDelay, firstDelay * Double(1 << min(max(attempt, 1) - 1, 10)))
    }
}
