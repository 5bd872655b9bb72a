import Histogram

/// What the connections on one event loop counted. Touched only on that loop, so no locks on
/// the hot path; the run merges every loop's recorder at the end.
final class LoadRecorder {
    /// Snapshot age in microseconds, from the server's send time to arrival.
    var ages = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000,
                                 numberOfSignificantValueDigits: .three)
    var totals = LoadTotals()
    /// The measurement window on the monotonic clock (µs); outside it only connections are counted.
    var windowStart = UInt64.max
    var windowEnd = UInt64.max

    init() {}

    func inWindow(_ now: UInt64) -> Bool { now >= windowStart && now < windowEnd }

    func recordFailure(_ reason: String) {
        totals.failed += 1
        if totals.failureReasons.count < 8 { totals.failureReasons[reason, default: 0] += 1 }
        else if totals.failureReasons[reason] != nil { totals.failureReasons[reason, default: 0] += 1 }
    }
}

/// Counters of a run (one loop's, or all merged).
struct LoadTotals: Sendable {
    var opened = 0
    var failed = 0
    var openedBots = 0
    /// Connections that were open and closed before the end of the run.
    var closedEarly = 0
    var snapshots = 0
    var bytes = 0
    var gaps = 0
    /// Snapshots whose tick did not advance (a paused or finished match).
    var repeats = 0
    var botSnapshots = 0
    var failureReasons: [String: Int] = [:]

    mutating func add(_ other: LoadTotals) {
        opened += other.opened
        failed += other.failed
        openedBots += other.openedBots
        closedEarly += other.closedEarly
        snapshots += other.snapshots
        bytes += other.bytes
        gaps += other.gaps
        repeats += other.repeats
        botSnapshots += other.botSnapshots
        failureReasons.merge(other.failureReasons, uniquingKeysWith: +)
    }
}
