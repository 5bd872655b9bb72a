import TennisCore
import TennisProtocol

/// How often, and how, spectators get snapshots.
///
/// One write per tick is the freshest; its system call is also most of what a snapshot costs the
/// server (about 6 µs of kernel time on loopback here). Two ways to make fewer writes:
/// - a lower **rate**: every second to fifth tick, the newest state only (30, 20, 15 or 12 Hz), each
///   spectator on ticks of its own (`LoopFanout`), so each tick writes to a share of them. Every
///   picture sent is fresh; the client draws a moment between the two latest, the players
///   interpolated and the ball run between them through hits with the shared physics
///   (`SpectatorBall`), so a lower rate costs the picture only a little delay. This is what
///   `auto` does under load.
/// - **batching**: every tick's snapshot, several ticks per write. Nothing is skipped, but the
///   older ticks of a write arrive late; a last resort an operator asks for (`--spectator-batch`).
/// Keyframes and control messages always go. Players always get every tick at once.
public enum SpectatorBatching: Sendable, Equatable {
    /// Every tick's snapshot, `ticks` of them per write (1–4; 1 is a write per tick).
    case fixed(Int)
    /// The newest state only, every `ticks` ticks (1: 60 Hz, 2: 30 Hz, 3: 20 Hz, 4: 15 Hz, 5: 12 Hz).
    case rate(ticks: Int)
    /// The newest state only: 60 Hz while the event loops write every spectator's picture
    /// promptly, 30, 20, 15 then 12 Hz (spectators taking turns) while pictures come out late.
    case auto

    /// The most ticks in one batched write.
    public static let maxTicks = 4
    /// The longest gap between pictures a rate may leave (12 Hz): what the clients' interpolation
    /// bridges. A spectator drawing between two pictures draws the server's ball at any of these
    /// rates, about 16 ms later for each step down (`NETCODE.md`).
    public static let maxRateTicks = WireProtocol.maxSpectatorTickStep

    /// Parses `--spectator-batch`: a number of ticks from 1 to 4 (`auto`: the adaptive rate).
    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let ticks = Int(argument), (1...Self.maxTicks).contains(ticks) {
            self = .fixed(ticks)
        } else {
            return nil
        }
    }

    /// Parses `--spectator-rate`: `auto`, or 60, 30, 20, 15 or 12 pictures a second.
    public init?(rate: String) {
        if rate == "auto" {
            self = .auto
            return
        }
        let perSecond = MatchState.ticksPerSecond
        guard let rate = Int(rate), rate > 0, perSecond % rate == 0, (1...Self.maxRateTicks).contains(perSecond / rate)
        else { return nil }
        self = .rate(ticks: perSecond / rate)
    }

    /// What `--spectator-rate` takes, for help and errors.
    public static let rateChoices = "auto, 60, 30, 20, 15 or 12"

    /// Whether spectators' writes may ever cover more than one tick.
    var batches: Bool {
        switch self {
        case .fixed(let ticks), .rate(let ticks): ticks > 1
        case .auto: true
        }
    }

    /// Whether a write carries only the newest state (a lower rate) rather than every tick (batching).
    var newestOnly: Bool {
        if case .fixed = self { return false }
        return true
    }
}

/// Ticks per spectator write of one loop under `.auto`, from how late that loop's runs end.
///
/// A run's lateness is how long after its tick was posted its last write went out: the age of
/// the last picture it sent (the wait for the loop, then the pass over its connections). While
/// it stays over `behind` (10 ms, most of a tick), the loop (or the core it shares) writes too
/// many spectators a tick to keep pictures fresh: the interval grows by one tick (60 → 30 → 20
/// → 15 → 12 Hz, at most once a second), and since spectators take turns (`LoopFanout`), each
/// tick then writes to a half, a third, a quarter or a fifth of them. It shrinks by one once the
/// lateness, scaled to the higher rate's longer passes, would stay under `caughtUp` (8 ms), but
/// only after holding for `hold` (3 s at first, so the slowdown of a join storm passes soon
/// after the storm); a loop that falls behind again soon after shrinking doubles its hold (up
/// to 2 minutes), so it does not swing back and forth.
///
/// One rule for every step: a rule that went below 20 Hz only once pictures came out a whole
/// tick late was measured beside it and gave older pictures on this VM (p99 19–51 ms against
/// 11–17 ms at 3,000 and 5,000 spectators, `PERFORMANCE.md`) for no steadier rate.
struct BatchGovernor {
    private(set) var ticks: Int
    private let fixed: Bool
    /// Smoothed run lateness, ns.
    private var delay: Double = 0
    private var changedAt: UInt64 = 0
    private var shrankAt: UInt64?
    private var hold: UInt64 = BatchGovernor.initialHold

    static let behind: Double = 10_000_000
    static let caughtUp: Double = 8_000_000
    static let settle: UInt64 = 1_000_000_000
    static let initialHold: UInt64 = 3_000_000_000
    static let maxHold: UInt64 = 120_000_000_000

    init(_ batching: SpectatorBatching) {
        switch batching {
        case .fixed(let ticks):
            self.ticks = min(max(ticks, 1), SpectatorBatching.maxTicks)
            fixed = true
        case .rate(let ticks):
            self.ticks = min(max(ticks, 1), SpectatorBatching.maxRateTicks)
            fixed = true
        case .auto:
            ticks = 1
            fixed = false
        }
    }

    /// A run ended `delay` ns after its first message was posted, at `now` (ns, monotonic).
    mutating func observe(delay sample: UInt64, now: UInt64) {
        guard !fixed else { return }
        delay += (Double(sample) - delay) / 8
        if delay > Self.behind, ticks < SpectatorBatching.maxRateTicks, now &- changedAt >= Self.settle {
            if let shrankAt, now &- shrankAt < 2 * hold {
                hold = min(hold * 2, Self.maxHold)
            } else {
                hold = Self.initialHold
            }
            ticks += 1
            changedAt = now
            delay = 0
        } else if ticks > 1, delay * Double(ticks) / Double(ticks - 1) < Self.caughtUp, now &- changedAt >= hold {
            ticks -= 1
            changedAt = now
            shrankAt = now
        }
    }
}
