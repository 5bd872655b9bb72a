/// How many ticks' snapshots a spectator gets per write.
///
/// One write per tick is the freshest; its system call is also most of what a snapshot costs the
/// server (about 6 µs of kernel time on loopback here, against 3.5 µs a snapshot when two go in
/// one write). Players always get every tick at once; this only spreads spectators' writes.
public enum SpectatorBatching: Sendable, Equatable {
    /// Always `ticks` per write (1–4).
    case fixed(Int)
    /// One tick per write while the event loops keep up; more (up to 4) while they fall behind.
    case auto

    public static let maxTicks = 4

    /// Parses `auto` or a number of ticks from 1 to 4.
    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let ticks = Int(argument), (1...Self.maxTicks).contains(ticks) {
            self = .fixed(ticks)
        } else {
            return nil
        }
    }

    /// Whether spectators' writes may ever hold more than one tick.
    var batches: Bool {
        if case .fixed(let ticks) = self { return ticks > 1 }
        return true
    }
}

/// The batch size of one loop's spectators under `.auto`, from how late that loop starts its runs.
///
/// A run that starts long after its tick was posted means the loop (or the core it shares)
/// cannot write every spectator every tick: the batch grows by one tick (after the delay stayed
/// high for a moment, at most once a second). Once runs start promptly again it shrinks by one,
/// but only after holding for `hold` (10 s at first); a loop that falls behind again soon after
/// shrinking doubles its hold (up to 2 minutes), so it does not swing back and forth.
struct BatchGovernor {
    private(set) var ticks: Int
    private let fixed: Bool
    /// Smoothed run delay, ns.
    private var delay: Double = 0
    private var changedAt: UInt64 = 0
    private var shrankAt: UInt64?
    private var hold: UInt64 = BatchGovernor.initialHold

    static let behind: Double = 8_000_000  // half a tick
    static let caughtUp: Double = 2_000_000
    static let settle: UInt64 = 1_000_000_000
    static let initialHold: UInt64 = 10_000_000_000
    static let maxHold: UInt64 = 120_000_000_000

    init(_ batching: SpectatorBatching) {
        switch batching {
        case .fixed(let ticks):
            self.ticks = min(max(ticks, 1), SpectatorBatching.maxTicks)
            fixed = true
        case .auto:
            ticks = 1
            fixed = false
        }
    }

    /// A run started `delay` ns after its first message was posted, at `now` (ns, monotonic).
    mutating func observe(delay sample: UInt64, now: UInt64) {
        guard !fixed else { return }
        delay += (Double(sample) - delay) / 8
        if delay > Self.behind, ticks < SpectatorBatching.maxTicks, now &- changedAt >= Self.settle {
            if let shrankAt, now &- shrankAt < 2 * hold {
                hold = min(hold * 2, Self.maxHold)
            } else {
                hold = Self.initialHold
            }
            ticks += 1
            changedAt = now
            delay = 0
        } else if delay < Self.caughtUp, ticks > 1, now &- changedAt >= hold {
            ticks -= 1
            changedAt = now
            shrankAt = now
        }
    }
}
