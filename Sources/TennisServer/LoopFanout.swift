import CoreMetrics
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
///
/// Spectators (`Subscriber.batched`) may get a write every few ticks instead of every tick
/// (`SpectatorBatching`): with the newest state only (a lower rate: 30 to 12 Hz, fixed or
/// chosen while this loop's pictures come out late), or every tick's snapshot in one write
/// (batching). The system call, most of a snapshot's cost, is then made less often.
///
/// At a lower rate, the server's or one a spectator asked for (`Subscriber.every`), each
/// spectator gets its snapshots on its own turns, shifted by connection, so a tick writes to a
/// share of them rather than all of them every few ticks: each pass over the connections is
/// shorter, and so is the age of the last picture it writes. When the match's host makes what those turns need
/// (`turnKeyframes`), nothing else of a tick is written to it on its own either: the match's
/// events (hits, bounces, points) wait in a short log and come with its next snapshot, and in
/// play a keyframe made between two turns makes the next turn's snapshot that tick's keyframe
/// instead of its lean one. Such a spectator then gets one write per turn, and neither a shot
/// nor the keyframe of each second sends all of them a write on the same tick.
final class LoopFanout: Sendable {
    let loop: any EventLoop
    private let maxSnapshots: Int
    /// Spectators' writes carry only the newest snapshot since their last write (a lower rate).
    private let newestOnly: Bool
    /// Which ticks end a batch here (loops take turns, so their batched writes do not all fall on one tick).
    private let phase: UInt64
    /// Lean snapshots posted here while it has reduced-rate spectators carry their tick's
    /// keyframe (`MatchHost` makes it), so in-play keyframes may wait for each one's turn.
    private let turnKeyframes: Bool
    private let state: Mutex<State>
    /// Members whose snapshots may come on turns (`Plan.onTurns`); read on every tick without the lock.
    private let turnCount = Atomic<Int>(0)
    /// Counts this fan-out while it batches (`ServerMetrics.batchedFanouts`).
    private let batchedMeter: CoreMetrics.Meter?
    /// Monotonic nanoseconds: when a tick is posted and when a run ends (a test's own clock).
    private let clock: @Sendable () -> UInt64

    private static let made = Atomic<UInt64>(0)

    private struct State {
        var members: [MatchHost.Subscriber] = []
        /// What a run needs of each member to pass it over, at the same index: plain values, so a
        /// run over thousands of members who get nothing touches none of their objects. Made
        /// again when the loop's rate changes (`governor`).
        var plans: [Plan] = []
        var batchedCount = 0
        var items: [Item] = []
        var snapshots = 0
        /// What batched members have still to get: the runs since their last batch.
        var held: [Item] = []
        var heldSnapshots = 0
        var scheduled = false
        /// A run is writing now: what is posted meanwhile waits for the run after it, which
        /// that run schedules itself, behind the loop's I/O (`ioPause`).
        var running = false
        /// When the oldest of `items` was posted (ns, monotonic).
        var postedAt: UInt64?
        /// Ticks per write for batched members.
        var governor: BatchGovernor
        /// The room tick of the newest keyframe posted in play (`Turn.lastKeyframe`).
        var lastKeyframe: UInt64?
        /// The match's events of the last few seconds, with the room tick they came with, for
        /// reduced-rate members' turns (only with `turnKeyframes`).
        var events: [(tick: UInt64, message: Outbound)] = []
    }

    /// How long the events wait for reduced-rate members' turns (room ticks: 3 s, three times
    /// the longest interval, 1 a second), and at most how many.
    static let eventTicks: UInt64 = 180
    static let maxEvents = 1_024

    /// A control message, or one tick's snapshot with the room ticks it covers (`before` the step,
    /// `tick` after) and whether it ends a batch whatever the tick (`flush`: none may follow soon).
    enum Item {
        case control(Outbound)
        /// One of the match's events (posted with a tick's snapshot, or just before it), which
        /// reduced-rate members get with their next turn instead (`turnKeyframes`).
        case event(Outbound, tick: UInt64)
        case snapshot(Outbound, before: UInt64, tick: UInt64, flush: Bool, turn: Turn = .none)

        var message: Outbound {
            switch self {
            case .control(let message), .event(let message, _), .snapshot(let message, _, _, _, _): message
            }
        }
    }

    /// What a reduced-rate spectator's turn needs of a lean snapshot: the same tick as a keyframe,
    /// and the room tick of the newest keyframe posted in play before it.
    struct Turn {
        var keyframe: WireFrame?
        var lastKeyframe: UInt64?

        static let none = Turn()
    }

    /// `phase` (default: loops take turns) shifts which ticks end a batch.
    /// `turnKeyframes`: its host makes a keyframe of each tick for reduced-rate spectators and
    /// posts the match's events as events (`MatchHost`, `RelayHost`); without, keyframes and
    /// events go to everyone at once.
    init(loop: any EventLoop, maxSnapshots: Int = 6, batching: SpectatorBatching = .fixed(1), phase: UInt64? = nil,
         turnKeyframes: Bool = false, batchedMeter: CoreMetrics.Meter? = nil,
         clock: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds }) {
        self.loop = loop
        self.clock = clock
        self.turnKeyframes = turnKeyframes
        self.batchedMeter = batchedMeter
        self.maxSnapshots = max(1, maxSnapshots)
        self.newestOnly = batching.newestOnly
        self.phase = phase ?? Self.made.add(1, ordering: .relaxed).oldValue
        let governor = BatchGovernor(batching)
        self.state = Mutex(State(governor: governor))
        if governor.ticks > 1 { batchedMeter?.increment() }
    }

    deinit {
        if state.withLock({ $0.governor.ticks > 1 }) { batchedMeter?.decrement() }
    }

    /// Ticks per write its batched members get now.
    var batchTicks: Int { state.withLock { $0.governor.ticks } }

    /// Whether any member may get its snapshots on turns (it asked for a lower rate, or is a
    /// spectator under the server's own rate, which may fall): its host then makes each lean
    /// snapshot's tick a keyframe too (`post`'s `turnKeyframe`).
    var hasMembersOnTurns: Bool { turnCount.load(ordering: .relaxed) > 0 }

    /// A member's rate, turn and kind, as `run` reads them for every member on every tick.
    struct Plan {
        /// Ticks from one of its turns to the next now: the rate it asked for, or the loop's if
        /// that is lower and it follows it (`rated`).
        let every: UInt64
        /// Its turns' offset (`connection % every`).
        let shift: UInt64
        /// Gets several ticks per write (`--spectator-batch`).
        let batched: Bool
        /// Follows the loop's rate (a spectator under `--spectator-rate`, `auto` or fixed).
        let rated: Bool

        /// `newestOnly`: the loop's spectators get a lower rate, `loopEvery` ticks apart now.
        init(_ subscriber: MatchHost.Subscriber, newestOnly: Bool, loopEvery: Int) {
            rated = subscriber.batched && newestOnly
            batched = subscriber.batched && !newestOnly
            every = rated ? max(subscriber.every, UInt64(max(loopEvery, 1))) : subscriber.every
            shift = subscriber.connection.value % every
        }

        /// Whether its snapshots may come on turns, with the match's events and in-play
        /// keyframes waiting for them.
        var onTurns: Bool { every > 1 || rated }

        /// Which of its turns `tick` falls in: they begin every `every` ticks, shifted by `shift`.
        func turn(_ tick: UInt64) -> UInt64 { (tick &+ shift) / every }

        /// Whether one of its turns begins after `before`, up to `tick`.
        func hasTurn(after before: UInt64, through tick: UInt64) -> Bool { turn(tick) != turn(before) }
    }

    func add(_ subscriber: MatchHost.Subscriber) {
        state.withLock { state in
            let plan = Plan(subscriber, newestOnly: newestOnly, loopEvery: state.governor.ticks)
            state.members.append(subscriber)
            state.plans.append(plan)
            if plan.batched { state.batchedCount += 1 }
            if plan.onTurns { turnCount.add(1, ordering: .relaxed) }
        }
    }

    /// Removes a connection; true when none is left on this loop.
    func remove(_ connection: ConnectionID) -> Bool {
        state.withLock { state in
            if let index = state.members.firstIndex(where: { $0.connection == connection }) {
                if state.plans[index].batched { state.batchedCount -= 1 }
                if state.plans[index].onTurns { turnCount.subtract(1, ordering: .relaxed) }
                state.members.remove(at: index)
                state.plans.remove(at: index)
            }
            if state.batchedCount == 0 {
                state.held = []
                state.heldSnapshots = 0
            }
            return state.members.isEmpty
        }
    }

    /// One tick's messages: its events, then its snapshot. True when the caller must have `run`
    /// called on the loop (no run is waiting yet); the tick driver starts all of a pass's runs
    /// with one hop per loop. `flush`: batched members get it at once, not at the batch's end
    /// (a match out of play sends its next snapshot only a second later). `turnKeyframe`: a lean
    /// snapshot's tick as a keyframe, for reduced-rate spectators' turns (`turnKeyframes`).
    func post(controls: [Outbound], snapshot: WireFrame, isKeyframe: Bool, turnKeyframe: WireFrame? = nil,
              flush: Bool = false, before: UInt64, tick: UInt64) -> Bool {
        mark { state in
            if turnKeyframes {
                for control in controls { Self.log(control, tick: tick, in: &state) }
                Self.forgetOldEvents(at: tick, in: &state)
            } else {
                for control in controls { state.items.append(.control(control)) }
            }
            if isKeyframe, !flush { state.lastKeyframe = tick }
            let turn = isKeyframe ? Turn.none : Turn(keyframe: turnKeyframe, lastKeyframe: state.lastKeyframe)
            append(.snapshot(.snapshot(snapshot, isKeyframe: isKeyframe), before: before, tick: tick, flush: flush,
                             turn: turn),
                   to: &state.items, snapshots: &state.snapshots)
        }
    }

    /// One of the match's events, arriving on its own before the snapshot of `tick` (a relay's
    /// upstream sends them so): at once to full-rate members, with their next turn to the others
    /// (`turnKeyframes`; without, at once to everyone).
    func post(event message: Outbound, tick: UInt64) {
        let start = mark { state in
            guard turnKeyframes else { return state.items.append(.control(message)) }
            Self.log(message, tick: tick, in: &state)
            Self.forgetOldEvents(at: tick, in: &state)
        }
        if start { loop.execute { self.run() } }
    }

    /// Posts one of the match's events and keeps it for reduced-rate members' turns.
    private static func log(_ event: Outbound, tick: UInt64, in state: inout State) {
        state.items.append(.event(event, tick: tick))
        state.events.append((tick, event))
    }

    /// Forgets the events too old to be waited for (`eventTicks`), and all but the newest `maxEvents`.
    private static func forgetOldEvents(at tick: UInt64, in state: inout State) {
        let old = state.events.prefix { $0.tick &+ eventTicks < tick }.count
        state.events.removeFirst(max(old, state.events.count - maxEvents))
    }

    /// A control message for every connection on this loop (roster, chat, close).
    func post(_ message: Outbound) {
        if mark({ $0.items.append(.control(message)) }) { loop.execute { self.run() } }
    }

    /// Applies the change; true when the caller must start a run (none is waiting, nor writing:
    /// a run that is writing starts the next itself).
    private func mark(_ change: (inout State) -> Void) -> Bool {
        let now = clock()
        return state.withLock { state in
            if state.items.isEmpty { state.postedAt = now }
            change(&state)
            defer { state.scheduled = true }
            return !state.scheduled && !state.running
        }
    }

    /// How long after a run the next one waits when it was asked for while that run wrote.
    ///
    /// NIO runs an event loop's queued tasks until none is left before it reads its sockets
    /// again. A loop whose fan-out takes longer than a tick would otherwise go from one run to
    /// the next without ever reading: nobody new could connect, say hello or ping while it is
    /// saturated (issue #20, `hello_timeout`). Scheduling the next run this far ahead leaves the
    /// loop no task due, so it reads whatever is ready first; it costs a saturated loop this
    /// much idle time per run, and a loop that keeps up nothing.
    static let ioPause = TimeAmount.microseconds(200)

    /// Appends an item, dropping the oldest lean snapshot (or else the oldest snapshot) past
    /// `maxSnapshots`. The next snapshot kept takes over the dropped one's ticks (its `before`),
    /// so a member whose turn fell in them still gets a picture, the newer one.
    private func append(_ item: Item, to items: inout [Item], snapshots: inout Int) {
        items.append(item)
        guard case .snapshot = item else { return }
        snapshots += 1
        guard snapshots > maxSnapshots else { return }
        let oldest = items.firstIndex { $0.message.isLeanSnapshot } ?? items.firstIndex { $0.message.isSnapshot }
        guard let oldest else { return }
        let dropped = items.remove(at: oldest)
        snapshots -= 1
        guard case .snapshot(_, let droppedBefore, _, _, _) = dropped,
              let next = items[oldest...].firstIndex(where: { $0.message.isSnapshot }),
              case .snapshot(let message, let before, let tick, let flush, let turn) = items[next]
        else { return }
        items[next] = .snapshot(message, before: min(before, droppedBefore), tick: tick, flush: flush, turn: turn)
    }

    /// Whether `items` reach the end of a batch of `batch` ticks (or hold no snapshot, so need not wait for one).
    private func endsBatch(_ items: [Item], batch: UInt64) -> Bool {
        var sawSnapshot = false
        for case .snapshot(_, let before, let tick, let flush, _) in items {
            if flush { return true }
            if (tick &+ phase % batch) / batch != (before &+ phase % batch) / batch { return true }
            sawSnapshot = true
        }
        return !sawSnapshot
    }

    /// On the loop: writes what waited to every member, one flush each. Batched members get
    /// theirs only when a batch ends: every `governor.ticks` ticks, all of them in one write.
    func run() {
        let (members, plans, items, batchedItems, events, postedAt) = state.withLock {
            state -> ([MatchHost.Subscriber], [Plan], [Item], [Item]?, [(tick: UInt64, message: Outbound)], UInt64?) in
            let postedAt = state.postedAt
            defer {
                state.items = []
                state.snapshots = 0
                state.scheduled = false
                state.running = true
                state.postedAt = nil
            }
            guard state.batchedCount > 0 else {
                return (state.members, state.plans, state.items, state.items, state.events, postedAt)
            }
            for item in state.items { append(item, to: &state.held, snapshots: &state.heldSnapshots) }
            let batch = UInt64(state.governor.ticks)
            // A close never waits for the batch to end: no tick may come after it.
            guard batch <= 1 || endsBatch(state.held, batch: batch) || state.items.contains(where: \.message.isClose) else {
                return (state.members, state.plans, state.items, nil, state.events, postedAt)
            }
            defer {
                state.held = []
                state.heldSnapshots = 0
            }
            // Only `--spectator-batch` holds items (a lower rate takes turns instead): every tick's snapshot.
            return (state.members, state.plans, state.items, state.held, state.events, postedAt)
        }
        let quiet = Quiet(items, turnKeyframes: turnKeyframes)
        let quietBatch = batchedItems.map { Quiet($0, turnKeyframes: turnKeyframes) }
        for (index, plan) in plans.enumerated() {
            // A member who gets nothing from this run (a batch going on, or a reduced rate whose
            // turn is not in it) is passed over on its plan alone, without touching its objects.
            guard let quiet = plan.batched ? quietBatch : quiet, !quiet.passesOver(plan),
                  let items = plan.batched ? batchedItems : items, !items.isEmpty
            else { continue }
            write(subscriber: members[index], plan: plan, items: items, events: events)
        }
        let now = clock()
        let again = state.withLock { state in
            state.running = false
            // How old the last picture of this run was when it was written: what the rate is chosen by.
            if let postedAt { observe(lateness: now &- postedAt, now: now, in: &state) }
            return state.scheduled
        }
        if again { loop.scheduleTask(in: Self.ioPause) { self.run() } }
    }

    /// Lets the governor choose the loop's rate from a run's lateness; when it changes, the
    /// members who follow it get their plans again (their turns at the new rate).
    private func observe(lateness: UInt64, now: UInt64, in state: inout State) {
        let before = state.governor.ticks
        state.governor.observe(delay: lateness, now: now)
        let after = state.governor.ticks
        guard after != before else { return }
        switch (before > 1, after > 1) {
        case (false, true): batchedMeter?.increment()
        case (true, false): batchedMeter?.decrement()
        default: break
        }
        guard newestOnly else { return }
        state.plans = state.members.map { Plan($0, newestOnly: true, loopEvery: after) }
    }

    /// Writes one member its share of `items`, with one flush if anything was written.
    @inline(__always)
    private func write(subscriber: MatchHost.Subscriber, plan: Plan, items: [Item],
                       events: [(tick: UInt64, message: Outbound)]) {
        let outlet = subscriber.outlet
        var wrote = false
        for item in items {
            switch item {
            case .control(let message):
                outlet.deliver(message, shared: true)
                wrote = true
            case .event(let message, _):
                // A reduced-rate member's come with its next snapshot.
                guard subscriber.eventsThrough == nil else { continue }
                outlet.deliver(message, shared: true)
                wrote = true
            case .snapshot(let message, let before, let tick, let flush, let turn):
                // Nothing older than the keyframe it joined with.
                guard tick > subscriber.since,
                      let message = snapshot(message, before: before, tick: tick, flush: flush, turn: turn,
                                             plan: plan, sent: subscriber.eventsThrough?.value ?? subscriber.since)
                else { continue }
                if let mark = subscriber.eventsThrough, mark.value < tick {
                    for event in events where event.tick > mark.value && event.tick <= tick {
                        outlet.deliver(event.message, shared: true)
                    }
                    mark.value = tick
                }
                outlet.deliver(message, shared: true)
                wrote = true
            }
        }
        if wrote { outlet.flush() }
    }

    /// What a run's items hold for reduced-rate members: the room ticks its snapshots span, and
    /// whether anything in it goes to every member at once (a control message, a keyframe out of
    /// play, or any keyframe where none is made for turns).
    struct Quiet {
        private var before = UInt64.max
        private var tick = UInt64(0)
        private var forEveryone = false

        init(_ items: [Item], turnKeyframes: Bool) {
            for item in items {
                switch item {
                case .control:
                    forEveryone = true
                case .event:
                    break
                case .snapshot(let message, let before, let tick, let flush, _):
                    self.before = min(self.before, before)
                    self.tick = max(self.tick, tick)
                    if flush || (!turnKeyframes && !message.isLeanSnapshot) { forEveryone = true }
                }
            }
        }

        /// Whether a member at this rate gets nothing from the run: no turn of its in the span.
        func passesOver(_ plan: Plan) -> Bool {
            guard plan.every > 1, !forEveryone else { return false }
            return tick == 0 || !plan.hasTurn(after: before, through: tick)
        }
    }

    /// What a subscriber gets of one tick's snapshot: all of them at the full rate. On turns, one
    /// on each of its turns (once `every` ticks passed, shifted by connection so that spectators
    /// at the same rate do not all get theirs on one tick): the lean one, or this tick's keyframe
    /// if a keyframe came in play after the last snapshot it was sent (`sent`, the room tick of
    /// that one: a lean snapshot builds on the newest keyframe sent, with its score and status).
    /// Out of play, or with no keyframes made for turns here, every keyframe at once.
    private func snapshot(_ message: Outbound, before: UInt64, tick: UInt64, flush: Bool, turn: Turn, plan: Plan,
                          sent: UInt64) -> Outbound? {
        guard plan.onTurns else { return message }
        let onTurn = plan.hasTurn(after: before, through: tick)
        guard message.isLeanSnapshot else { return onTurn || flush || !turnKeyframes ? message : nil }
        guard onTurn else { return nil }
        if let keyframe = turn.keyframe, let last = turn.lastKeyframe, last > sent {
            return .snapshot(keyframe, isKeyframe: true)
        }
        return message
    }
}
