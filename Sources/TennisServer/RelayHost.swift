import NIOCore
import Synchronization
import TennisCore
import TennisProtocol

/// The spectators of another node's match on this node: one upstream subscription, its messages
/// fanned out to each of them as the owner fans out its own (`LoopFanout`): one hop to each event
/// loop per message, each connection's latest-wins rule, a spectator's `rate`, and the server's
/// spectator rate (`--spectator-rate auto` lowers it while a loop's pictures go out late). Relays chained
/// below this one always get every tick, as the owner sends this one.
///
/// The fan-out counts ticks by the upstream's match tick (a lean snapshot's low 16 bits unwrapped
/// against the last one), so a rate here skips exactly what it would skip at the owner.
///
/// A late joiner gets what a joiner at the owner gets: the welcome, the roster and a keyframe
/// (the newest one seen), and from then on every message. Lean snapshots build on the newest
/// snapshot, so they need no more than that keyframe. Before the upstream's first keyframe a
/// joiner waits (it is `pending`), and gets all three the moment it comes.
final class RelayHost: Sendable {
    let code: String
    private let batching: SpectatorBatching
    private let state = Mutex(State())

    private struct State {
        var welcome: ServerMessage.Welcome?
        /// The match's statistics: the welcome's, then counted from the events passed on, so a
        /// late joiner's welcome carries the whole match's, as at the owner.
        var tally: PointTally?
        var roster: String?
        var keyframe: [UInt8]?
        /// Spectators that have had the welcome and a keyframe, and the fan-out of each loop they live on.
        var subscribers: [ConnectionID: MatchHost.Subscriber] = [:]
        var loops: [LoopFanout] = []
        /// Spectators waiting for the upstream's first keyframe.
        var pending: [ConnectionID: MatchHost.Subscriber] = [:]
        /// How the upstream ended (the relay takes nobody after that).
        var ended = false
        /// Members that are other nodes' relays, chained below this one.
        var relayLinks: Set<ConnectionID> = []
        /// The fan-out's tick: grows with the upstream's match tick, by one when that does not grow.
        var tick: UInt64 = 0
        /// The upstream's last full match tick.
        var upstreamTick: UInt64?
        /// The upstream's snapshots decoded, to know a keyframe's status and to make a lean one's
        /// tick a keyframe for reduced-rate spectators' turns (as the owner does).
        var stream = SnapshotStream()
    }

    init(code: String, batching: SpectatorBatching = .fixed(1)) {
        self.code = code
        self.batching = batching
    }

    var spectators: Int { state.withLock { $0.subscribers.count + $0.pending.count } }

    /// The people among them: relays chained below this one report their own audience.
    var audience: Int {
        state.withLock { max(0, $0.subscribers.count + $0.pending.count - $0.relayLinks.count) }
    }

    /// Adds a spectator wanting `rate` snapshots a second (`relay`: another node's relay,
    /// chained below this one, which gets every tick); false once the upstream has ended (ask
    /// the directory again).
    func join(_ connection: ConnectionID, outlet: any ConnectionOutlet, rate: Int? = nil, relay: Bool = false) -> Bool {
        state.withLock { state in
            guard !state.ended else { return false }
            if relay { state.relayLinks.insert(connection) }
            var subscriber = MatchHost.Subscriber(connection: connection, outlet: outlet,
                                                  every: relay ? 1 : MatchHost.divisor(forRate: rate),
                                                  batched: !relay && batching.batches)
            if let welcome = Self.welcomeText(state), let keyframe = state.keyframe {
                Self.prime(outlet, welcome: welcome, roster: state.roster, keyframe: keyframe)
                subscriber.since = state.tick
                add(subscriber, to: &state)
            } else {
                state.pending[connection] = subscriber
            }
            return true
        }
    }

    /// Removes a spectator; true when none is left (the upstream may go).
    func leave(_ connection: ConnectionID) -> Bool {
        state.withLock { state in
            state.pending[connection] = nil
            state.relayLinks.remove(connection)
            if let subscriber = state.subscribers.removeValue(forKey: connection),
               let index = state.loops.firstIndex(where: { $0.loop === subscriber.outlet.eventLoop }),
               state.loops[index].remove(connection) {
                state.loops.remove(at: index)
            }
            return state.subscribers.isEmpty && state.pending.isEmpty
        }
    }

    /// Whether `connection` is another node's relay chained below this one.
    func isRelayLink(_ connection: ConnectionID) -> Bool {
        state.withLock { $0.relayLinks.contains(connection) }
    }

    /// Passes one upstream message on. After `.closed` every spectator is closed with the
    /// upstream's code and reason (a refusal's error goes first), and the relay takes nobody.
    func receive(_ message: UpstreamMessage) {
        state.withLock { state in
            switch message {
            case .text(let text):
                let decoded = try? ServerMessage.decode(text)
                var refusal = false
                switch decoded {
                case .welcome(let welcome):
                    state.welcome = welcome
                    state.tally = welcome.tally?.pointTally
                    return
                case .roster: state.roster = text
                case .event(_, let event):
                    if let event = event.matchEvent { state.tally?.record(event) }
                    // It comes before its tick's snapshot: a reduced-rate spectator gets it with its next one.
                    for fanout in state.loops { fanout.post(event: .json(text), tick: state.tick &+ 1) }
                    return
                case .error, .moved: refusal = true
                default: break
                }
                let outbound = Outbound.json(text)
                for fanout in state.loops { fanout.post(outbound) }
                // An error (a refusal, `moved`) goes to those still waiting too: a close follows.
                if refusal { for waiting in state.pending.values { waiting.outlet.send(outbound) } }
            case .binary(let bytes):
                let isKeyframe = bytes.first == Snapshot.typeByte
                let before = state.tick
                advance(&state, by: bytes)
                let frame = WireFrame(binary: bytes)
                let snapshot = (try? state.stream.decode(bytes)) ?? nil
                // Out of play (or unread), a keyframe goes to everyone at once and ends a batch: it
                // is the only snapshot for a second. In play, as at the owner, reduced-rate
                // spectators get a lean snapshot's tick as a keyframe on their turn instead.
                let flush = isKeyframe && snapshot?.status != .playing
                let turnKeyframe = isKeyframe || !state.loops.contains(where: \.hasMembersOnTurns)
                    ? nil : snapshot.map { WireFrame(binary: $0.encode()) }
                for fanout in state.loops where fanout.post(controls: [], snapshot: frame, isKeyframe: isKeyframe,
                                                            turnKeyframe: turnKeyframe, flush: flush, before: before,
                                                            tick: state.tick) {
                    fanout.loop.execute { fanout.run() }
                }
                guard isKeyframe else { return }
                state.keyframe = bytes
                guard let welcome = Self.welcomeText(state) else { return }
                for var subscriber in state.pending.values {
                    Self.prime(subscriber.outlet, welcome: welcome, roster: state.roster, keyframe: bytes)
                    subscriber.since = state.tick
                    add(subscriber, to: &state)
                }
                state.pending.removeAll()
            case .closed(let code, let reason):
                state.ended = true
                let close = Outbound.close(code: code ?? WireProtocol.CloseCode.serverShutdown,
                                           reason: reason ?? WireProtocol.CloseReason.matchUnreachable)
                for fanout in state.loops { fanout.post(close) }
                for waiting in state.pending.values { waiting.outlet.send(close) }
                state.subscribers.removeAll()
                state.loops.removeAll()
                state.pending.removeAll()
            }
        }
    }

    /// The match is gone from the cluster (its node stopped or died, and the directory no
    /// longer lists it): everyone here is told as a spectator who went back to that node
    /// would be, `not_found` (close 4404), and the relay takes nobody.
    func gone() {
        let error = ServerMessage.error(code: "not_found", message: "no match with code \(code): its server has gone")
        receive(.text(error.encode()))
        receive(.closed(code: WireProtocol.CloseCode.notFound, reason: "not_found"))
    }

    /// Moves the fan-out's tick on by the upstream's: by how far its match tick went (one when
    /// it did not go forward, or the snapshot cannot be read).
    private func advance(_ state: inout State, by bytes: [UInt8]) {
        guard let stamp = bytes.withUnsafeBytes({ SnapshotStamp.read($0) }) else {
            state.tick &+= 1
            return
        }
        let full = stamp.fullTick(near: state.upstreamTick ?? UInt64(stamp.tick))
        let step = state.upstreamTick.map { full > $0 ? full - $0 : 1 } ?? 1
        state.upstreamTick = full
        state.tick &+= step
    }

    private func add(_ subscriber: MatchHost.Subscriber, to state: inout State) {
        state.subscribers[subscriber.connection] = subscriber
        let loop = subscriber.outlet.eventLoop
        if let fanout = state.loops.first(where: { $0.loop === loop }) {
            fanout.add(subscriber)
        } else {
            let fanout = LoopFanout(loop: loop, batching: batching, turnKeyframes: true)
            fanout.add(subscriber)
            state.loops.append(fanout)
        }
    }

    /// A joiner's first messages: what the owner sends its own joiners.
    private static func prime(_ outlet: any ConnectionOutlet, welcome: String, roster: String?, keyframe: [UInt8]) {
        let first: [Outbound] = [.json(welcome)] + (roster.map { [.json($0)] } ?? [])
            + [.snapshot(keyframe, isKeyframe: true)]
        outlet.eventLoop.execute {
            for message in first { outlet.deliver(message, shared: false) }
            outlet.flush()
        }
    }

    /// The welcome a joiner gets: the upstream's, with the match's statistics as they stand now.
    private static func welcomeText(_ state: State) -> String? {
        guard var welcome = state.welcome else { return nil }
        if let tally = state.tally { welcome.tally = .init(tally) }
        return ServerMessage.welcome(welcome).encode()
    }
}
