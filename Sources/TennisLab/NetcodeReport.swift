/// What `tennis netbench` measured: how late the drawn game is behind the keys and behind the
/// server, with the netcode on (`drawn`) and as a client without it would show it (`naive`).
public struct NetcodeReport: Codable, Sendable, Equatable {
    /// Percentiles of a list of samples (nearest rank).
    public struct Spread: Codable, Sendable, Equatable {
        public var samples: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double

        public init(_ values: [Double]) {
            let sorted = values.sorted()
            samples = sorted.count
            func rank(_ q: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let index = Int((q * Double(sorted.count)).rounded(.up)) - 1
                return sorted[Swift.min(sorted.count - 1, Swift.max(0, index))]
            }
            p50 = rank(0.5)
            p90 = rank(0.9)
            p99 = rank(0.99)
            max = sorted.last ?? 0
        }
    }

    public var delayMs: Double
    public var jitterMs: Double
    public var seconds: Double
    /// Round trips measured by the player's pings, in milliseconds.
    public var rttMs: Spread
    public var snapshotsPerSecond: Double
    public var bytesPerSecond: Double
    /// Frames drawn from a key press to the first frame that shows your player moving.
    public var inputToMoveFramesDrawn: Spread
    public var inputToMoveFramesNaive: Spread
    /// The same in milliseconds.
    public var inputToMoveMsDrawn: Spread
    public var inputToMoveMsNaive: Spread
    /// Distance in metres between the ball drawn on a frame and the server's ball at that moment.
    public var ballErrorMetresDrawn: Spread
    public var ballErrorMetresNaive: Spread
    /// For spectators over the same link at each of `NetcodeProbe.spectatorRates` (the newest
    /// state 60 to 12 times a second): the distance from the ball drawn to the server's at the
    /// moment drawn (a spectator draws the players and the ball a little in the past).
    public var spectatorBallErrorMetres: [Spread]
    /// How far in the past each of those spectators' pictures was drawn: the time from the
    /// server's direct stream having a tick to the frame drawing it, in milliseconds (the link's
    /// delay plus the interpolation's).
    public var spectatorDelayMs: [Spread]
}
