import NIOCore
import Synchronization

/// One event loop's share of a match's fan-out: the match's connections that live on that loop,
/// and what they are still to be sent.
///
/// The tick posts its messages here and schedules at most one run on the loop. While a run is
/// still waiting (the loop is busy), later ticks join it: each connection then gets every tick
/// since its last run in one write and one flush, so a busy loop makes fewer system calls per
/// snapshot instead of falling further behind. Control messages are never dropped; of the
/// snapshots, at most `maxSnapshots` wait (the oldest lean ones go first; lean snapshots build
/// only on the last keyframe, so dropping one never breaks the others). A loop that cannot keep
/// up therefore sends the latest ticks to everyone, and keeps serving its connections' reads.
final class LoopFanout: Sendable {
    let loop: any EventLoop
    private let maxSnapshots: Int
    private let state = Mutex(State())

    private struct State {
        var members: [MatchHost.Subscriber] = []
        var items: [Item] = []
        var snapshots = 0
        var scheduled = false
    }

    /// A control message, or one tick's snapshot with the room ticks it covers (`before` the step, `tick` after).
    private enum Item {
        case control(Outbound)
        case snapshot(Outbound, before: UInt64, tick: UInt64)

        var isLean: Bool {
            if case .snapshot(.snapshot(_, isKeyframe: false), _, _) = self { return true }
            return false
        }
    }

    init(loop: any EventLoop, maxSnapshots: Int = 6) {
        self.loop = loop
        self.maxSnapshots = max(1, maxSnapshots)
    }

    func add(_ subscriber: MatchHost.Subscriber) {
        state.withLock { $0.members.append(subscriber) }
    }

    /// Removes a connection; true when none is left on this loop.
    func remove(_ connection: ConnectionID) -> Bool {
        state.withLock { state in
            state.members.removeAll { $0.connection == connection }
            return state.members.isEmpty
        }
    }

    /// One tick's messages: its events, then its snapshot. True when the caller must have `run`
    /// called on the loop (no run is waiting yet); the tick driver starts all of a pass's runs
    /// with one hop per loop.
    func post(controls: [Outbound], snapshot: ByteBuffer, isKeyframe: Bool, before: UInt64, tick: UInt64) -> Bool {
        mark { state in
            for control in controls { state.items.append(.control(control)) }
            state.items.append(.snapshot(.snapshot(snapshot, isKeyframe: isKeyframe), before: before, tick: tick))
            state.snapshots += 1
            if state.snapshots > maxSnapshots {
                let oldest = state.items.firstIndex { $0.isLean }
                    ?? state.items.firstIndex { if case .snapshot = $0 { true } else { false } }
                if let oldest {
                    state.items.remove(at: oldest)
                    state.snapshots -= 1
                }
            }
        }
    }

    /// A control message for every connection on this loop (roster, chat, close).
    func post(_ message: Outbound) {
        if mark({ $0.items.append(.control(message)) }) { loop.execute { self.run() } }
    }

    /// Applies the change; true when no run was waiting (the caller starts one).
    private func mark(_ change: (inout State) -> Void) -> Bool {
        state.withLock { state in
            change(&state)
            defer { state.scheduled = true }
            return !state.scheduled
        }
    }

    /// On the loop: writes what waited to every member, one flush each.
    func run() {
        let (members, items) = state.withLock { state in
            defer {
                state.items = []
                state.snapshots = 0
                state.scheduled = false
            }
            return (state.members, state.items)
        }
        for subscriber in members {
            let outlet = subscriber.outlet
            for item in items {
                switch item {
                case .control(let message):
                    outlet.deliver(message, shared: true)
                case .snapshot(let message, let before, let tick):
                    // Keyframes always go; lean ones when a multiple of `every` passed (reduced-rate spectators).
                    if !item.isLean || tick / subscriber.every != before / subscriber.every {
                        outlet.deliver(message, shared: true)
                    }
                }
            }
            outlet.flush()
        }
    }
}
