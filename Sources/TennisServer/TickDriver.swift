import NIOCore
import NIOPosix
import Synchronization
import TennisCore

/// What steps a server's matches: the real 60 Hz `TickDriver`, or a test's hand (`ManualTicks` in
/// the server tests), so a test steps ticks instead of waiting for them.
protocol TickSource: Sendable {
    /// Steps `host` (`MatchHost.advance`) every tick until it should be retired or the calling
    /// task is cancelled.
    func drive(_ host: MatchHost) async
}

/// Steps every match of the process at 60 Hz from one thread of its own: one timer and one pass
/// over the matches per tick, and one hop per event loop for all their snapshots.
///
/// Deadlines are `start + n·dt`, so the driver never drifts; a pass that starts late runs the
/// missed steps (at most `maxCatchUp`) and every match sends one snapshot for them. Ticks never
/// wait behind connection work: the pool and the event loops are other threads.
final class TickDriver: TickSource {
    /// The process's driver.
    static let shared = TickDriver(loop: MultiThreadedEventLoopGroup(numberOfThreads: 1).next())

    static let maxCatchUp: Int64 = 5
    private static let perSecond = Int64(MatchState.ticksPerSecond)

    private let loop: any EventLoop
    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(1)

    private struct State {
        var matches: [UInt64: Entry] = [:]
        /// Drives cancelled before they were registered.
        var cancelled: Set<UInt64> = []
        var running = false
        var start = NIODeadline.uptimeNanoseconds(0)
        var tick: Int64 = 0
    }

    private struct Entry {
        let host: MatchHost
        let done: CheckedContinuation<Void, Never>
    }

    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Steps `host` every tick until it should be retired or the calling task is cancelled.
    func drive(_ host: MatchHost) async {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let (cancelled, starts) = state.withLock { state -> (Bool, Bool) in
                    if state.cancelled.remove(id) != nil { return (true, false) }
                    state.matches[id] = Entry(host: host, done: done)
                    defer { state.running = true }
                    return (false, !state.running)
                }
                if cancelled { done.resume() }
                if starts { loop.execute { self.startTimer() } }
            }
        } onCancel: {
            let entry = state.withLock { state in
                let entry = state.matches.removeValue(forKey: id)
                if entry == nil { state.cancelled.insert(id) }
                return entry
            }
            entry?.done.resume()
        }
    }

    private func startTimer() {
        let start = NIODeadline.now()
        state.withLock { state in
            state.start = start
            state.tick = 0
        }
        schedule(after: start, tick: 0)
    }

    private func schedule(after start: NIODeadline, tick: Int64) {
        // Exact to the nanosecond at every tick (1/60 s is not a whole number of them).
        let deadline = start + .nanoseconds((tick + 1) * 1_000_000_000 / Self.perSecond)
        loop.scheduleTask(deadline: deadline) { self.pass(deadline: deadline) }
    }

    /// One tick of every match.
    private func pass(deadline: NIODeadline) {
        let woke = NIODeadline.now()
        let (entries, start, steps) = state.withLock { state -> ([(UInt64, Entry)], NIODeadline, Int) in
            let due = (woke - state.start).nanoseconds * Self.perSecond / 1_000_000_000
            let steps = max(1, min(Self.maxCatchUp, due - state.tick))
            if due - state.tick > Self.maxCatchUp { state.tick = due - Self.maxCatchUp }
            state.tick += steps
            return (state.matches.map { ($0.key, $0.value) }, state.start, Int(steps))
        }
        let late = max(0, (woke - deadline).nanoseconds)
        var runs = FanoutRuns()
        var retired: [UInt64] = []
        for (id, entry) in entries {
            entry.host.metrics.tickLateness.recordNanoseconds(late)
            if late > 17_000_000 { entry.host.metrics.lateTicks.increment() }
            if !entry.host.advance(steps: steps, runs: &runs) { retired.append(id) }
        }
        runs.start()
        // One pass, recorded once by each server whose matches it stepped (tests run several).
        let took = (NIODeadline.now() - woke).nanoseconds
        var recorded: Set<ObjectIdentifier> = []
        for (_, entry) in entries where recorded.insert(ObjectIdentifier(entry.host.metrics)).inserted {
            entry.host.metrics.tickDuration.recordNanoseconds(took)
        }
        let (done, tick, keepRunning): ([Entry], Int64, Bool) = state.withLock { state in
            let done = retired.compactMap { state.matches.removeValue(forKey: $0) }
            state.running = !state.matches.isEmpty
            return (done, state.tick, state.running)
        }
        for entry in done { entry.done.resume() }
        if keepRunning { schedule(after: start, tick: tick) }
    }
}

/// The fan-out runs one pass of the driver asks for, by event loop: started with one hop per loop.
struct FanoutRuns {
    private var byLoop: [(loop: any EventLoop, fanouts: [LoopFanout])] = []

    mutating func add(_ fanout: LoopFanout) {
        if let index = byLoop.firstIndex(where: { $0.loop === fanout.loop }) {
            byLoop[index].fanouts.append(fanout)
        } else {
            byLoop.append((fanout.loop, [fanout]))
        }
    }

    func start() {
        for (loop, fanouts) in byLoop {
            loop.execute { for fanout in fanouts { fanout.run() } }
        }
    }
}
