import Foundation
import Logging
import NIOCore
import Synchronization
import TennisCore
import TennisProtocol
import TennisRecords

/// A message for one connection or many: encoded and framed once however many it goes to.
enum Outbound: Sendable {
    /// A snapshot's binary frame, shared by every connection of the match (one per tick).
    case snapshot(WireFrame, isKeyframe: Bool)
    /// A JSON control message's text frame.
    case text(WireFrame)
    case close(code: UInt16, reason: String)

    /// A JSON control message.
    static func json(_ text: String) -> Outbound { .text(WireFrame(text: text)) }
    /// An encoded snapshot.
    static func snapshot(_ encoded: [UInt8], isKeyframe: Bool) -> Outbound {
        .snapshot(WireFrame(binary: encoded), isKeyframe: isKeyframe)
    }
}

/// One live match: its room behind a lock, its tick loop, and the queues of everyone watching.
///
/// The tick task never awaits a client: it hands each event loop its connections once per tick
/// (`ConnectionOutlet`), and a connection whose peer reads slowly holds its messages
/// (control messages in order, snapshots latest-wins), so a slow reader loses old snapshots,
/// not everyone's time.
final class MatchHost: Sendable {
    let code: String
    let config: MatchConfig
    let createdAt: ContinuousClock.Instant
    let settings: ServerConfiguration
    let logger: Logger
    let state: Mutex<Inner>

    struct Inner {
        var room: MatchRoom
        var subscribers: [ConnectionID: Subscriber] = [:]
        /// The same subscribers, by the event loop their connection lives on.
        var loops: [LoopFanout] = []
        /// What the last keyframe carried, and when, to know when the next is due.
        var keyframe: (score: Score, status: MatchStatus, roomTick: UInt64)?
        /// The ball's last hitter and bounces in the last snapshot: a change is a hit or a bounce.
        var lastBall: (hitter: Int8, bounces: UInt8)?
        var seatOf: [ConnectionID: Int] = [:]
        /// Spectator connections that are other nodes' relays (their proofs checked): admitted
        /// past the spectator limit, not shown (their nodes report their own audience).
        var relayLinks: Set<ConnectionID> = []
        var startedAt: Date?
        var recorded = false
        /// Once the match is over: who asked for a rematch, or where it is.
        var rematch = RematchState.nobody
    }

    /// Where its record goes when it ends (nil: not kept).
    let recorder: MatchRecorder?
    /// A private match's invite secret (nil: public).
    let invite: String?
    let metrics: ServerMetrics
    /// The order in which its lobby created it (`DirectoryEntry.serial`).
    let serial: UInt64

    init(code: String, config: MatchConfig, settings: ServerConfiguration, logger: Logger,
         recorder: MatchRecorder? = nil, invite: String? = nil, metrics: ServerMetrics = ServerMetrics(),
         unjoinedExpirySeconds: Double = Lobby.defaultUnjoinedExpirySeconds, serial: UInt64 = 0) {
        self.code = code
        self.serial = serial
        self.invite = invite
        self.metrics = metrics
        self.recorder = recorder
        self.config = config
        self.settings = settings
        self.createdAt = .now
        var logger = logger
        logger[metadataKey: "match"] = .string(code)
        self.logger = logger
        self.state = Mutex(Inner(room: MatchRoom(
            config: config, graceSeconds: settings.reconnectGraceSeconds, maxSpectators: settings.maxSpectatorsPerMatch,
            lingerSeconds: settings.lingerSeconds, unjoinedExpirySeconds: unjoinedExpirySeconds)))
    }

    /// This match as the cluster directory keeps it.
    var directoryEntry: DirectoryEntry {
        DirectoryEntry(summary: summary, isPrivate: invite != nil, serial: serial)
    }

    /// Whether a hello may enter: always for a public match; with the right secret for a private one.
    func admits(invite given: String?) -> Bool {
        guard let invite else { return true }
        return Secrets.constantTimeEquals(invite, given ?? "")
    }

    /// Seats a player or admits a spectator, whose messages go to `outlet` from now on, and
    /// returns the welcome (already sent, with a first keyframe).
    /// `held`: free seats a new player may not take (held for reservations in a cluster).
    /// `fingerprint`: the key a new player proved (nil: anonymous); a returning player keeps its seat's.
    func join(_ hello: ClientMessage.Hello, fingerprint: String? = nil, connection: ConnectionID, held: Int = 0,
              outlet: any ConnectionOutlet)
        throws(JoinError) -> (welcome: ServerMessage.Welcome, seat: Int?)
    {
        let name = Self.displayName(hello.name)
        let result: Result<(ServerMessage.Welcome, Int?), JoinError> = state.withLock { inner in
            do throws(JoinError) {
                var seat: Int?
                var token: String?
                switch hello.role {
                case .player:
                    (seat, token) = try inner.room.seat(name: name, token: hello.token, connection: connection,
                                                        held: held, fingerprint: fingerprint)
                    inner.seatOf[connection] = seat
                    inner.noteStart()
                case .spectator:
                    // A relay (its proof checked) is one stream for many: it passes the limit.
                    try inner.room.addSpectator(pastLimit: hello.relay == true)
                    if hello.relay == true { inner.relayLinks.insert(connection) }
                }
                let welcome = ServerMessage.Welcome(
                    code: code, seat: seat, token: token, format: config.format.rawValue,
                    surface: config.surface.name, tickRate: MatchState.ticksPerSecond,
                    tally: .init(inner.room.tally), court: .init(config.surface))
                // A keyframe first, so lean snapshots have something to build on.
                let keyframe = inner.room.snapshot(now: MonotonicClock.micros()).encode()
                outlet.send(.json(ServerMessage.welcome(welcome).encode()), .snapshot(keyframe, isKeyframe: true))
                // A relay gets every tick at once: its own spectators' rates are applied below it.
                let relay = seat == nil && hello.relay == true
                inner.add(Subscriber(connection: connection, outlet: outlet,
                                     every: relay ? 1 : Self.divisor(forRate: hello.rate),
                                     batched: seat == nil && !relay && settings.spectatorBatching.batches,
                                     since: inner.room.roomTick),
                          batching: settings.spectatorBatching, metrics: metrics)
                return .success((welcome, seat))
            } catch {
                return .failure(error)
            }
        }
        let (welcome, seat) = try result.get()
        logger.info("joined", metadata: ["connection": "\(connection)", "role": "\(hello.role.rawValue)",
                                         "seat": "\(seat.map(String.init) ?? "-")"])
        if seat != nil {
            broadcastRoster()
        } else {
            state.withLock { outlet.send(.json($0.rosterText())) }
        }
        return (welcome, seat)
    }

    /// The name a hello's `name` is shown as: sanitised, "Player" when nothing is left.
    static func displayName(_ given: String) -> String {
        let clean = WireProtocol.sanitise(given)
        return clean.isEmpty ? "Player" : clean
    }

    /// One connection's outlet and how often it wants snapshots.
    struct Subscriber: Sendable {
        let connection: ConnectionID
        let outlet: any ConnectionOutlet
        /// Send every `every`-th tick's snapshot (out of play, keyframes at once; `LoopFanout`).
        let every: UInt64
        /// A spectator under the server's spectator setting: several ticks per write
        /// (`--spectator-batch`), or turns at the server's lower rate (`--spectator-rate`, `LoopFanout.Plan`).
        let batched: Bool
        /// The room tick of the keyframe it joined with: older snapshots (and events) are not sent to it.
        var since: UInt64 = 0 {
            didSet { eventsThrough?.value = since }
        }
        /// A spectator's (one at a reduced rate or under the server's spectator rate): the room
        /// tick of the last snapshot it was sent, up to which it has had the match's events (they
        /// come with its turns, `LoopFanout`).
        let eventsThrough: EventMark?

        init(connection: ConnectionID, outlet: any ConnectionOutlet, every: UInt64, batched: Bool = false,
             since: UInt64 = 0) {
            self.connection = connection
            self.outlet = outlet
            self.every = every
            self.batched = batched
            self.since = since
            self.eventsThrough = every > 1 || batched ? EventMark(since) : nil
        }
    }

    /// A room tick a subscriber on turns was last sent a snapshot of (and has had the events up to); set on its loop only.
    final class EventMark: Sendable {
        private let tick: Atomic<UInt64>

        init(_ tick: UInt64) { self.tick = Atomic(tick) }

        var value: UInt64 {
            get { tick.load(ordering: .relaxed) }
            set { tick.store(newValue, ordering: .relaxed) }
        }
    }

    /// Ticks between snapshots for a requested rate (nil or ≥ 60 per second: every tick).
    static func divisor(forRate rate: Int?) -> UInt64 {
        guard let rate, rate > 0, rate < MatchState.ticksPerSecond else { return 1 }
        return UInt64((Double(MatchState.ticksPerSecond) / Double(rate)).rounded())
    }

    /// Forgets a connection and tells the others.
    func leave(_ connection: ConnectionID) {
        state.withLock { inner in
            let seat = inner.seatOf.removeValue(forKey: connection)
            inner.room.disconnect(connection, seat: seat)
            inner.relayLinks.remove(connection)
            inner.remove(connection)
            if seat != nil { inner.broadcastRoster() }
        }
        logger.info("left", metadata: ["connection": "\(connection)"])
    }

    /// Spectator connections here, relays of other nodes included (the listing counts people).
    var spectatorConnections: Int { state.withLock { $0.room.spectators } }

    /// Spectators of this match that other nodes serve through their relays (the directory's word).
    func setRelayedAudience(_ count: Int) {
        state.withLock { $0.room.setRelayedAudience(count) }
    }

    /// Pauses or resumes a practice match (the in-process practice screen's P, help, size gate).
    func hold(_ on: Bool) {
        state.withLock { $0.room.hold(on) }
    }

    /// Applies a seated player's input on the next tick.
    func input(_ frame: InputFrame, seat: Int) {
        state.withLock { $0.room.apply(frame, seat: seat) }
    }

    /// Sends a message to one connection.
    func send(_ message: Outbound, to connection: ConnectionID) {
        state.withLock { $0.subscribers[connection] }?.outlet.send(message)
    }

    /// What listings show about this match.
    var summary: MatchSummary {
        state.withLock { inner in
            MatchSummary(code: code, players: inner.room.names.filter { !$0.isEmpty },
                         spectators: inner.audience, state: inner.room.status.listingName,
                         format: config.format.rawValue, surface: config.surface.name,
                         score: inner.room.match.score.compactText)
        }
    }

    func broadcastRoster() {
        state.withLock { $0.broadcastRoster() }
    }

    /// Sends a chat line to everyone in the match.
    func broadcast(chat: ServerMessage.Chat) {
        let message = Outbound.json(ServerMessage.chat(chat).encode())
        state.withLock { $0.broadcast(message) }
    }
}

extension MatchHost.Inner {
    /// Spectators to show: the people watching here (not other nodes' relays), and those other
    /// nodes serve through their relays.
    var audience: Int { max(0, room.spectators - relayLinks.count) + room.relayedAudience }

    /// The match started the moment it first plays (both seats taken and not on hold): set once,
    /// at the join or the tick where that happens, so a match left before its next tick is
    /// still recorded.
    mutating func noteStart() {
        if startedAt == nil, room.status == .playing { startedAt = Date() }
    }

    /// Sends who is here (and, while paused, how long the away player has left) to everyone.
    mutating func broadcastRoster() {
        room.rosterStale = false
        broadcast(.json(rosterText()))
    }

    /// Sends a message to every connection of the match: one hop to each event loop.
    func broadcast(_ message: Outbound) {
        for fanout in loops { fanout.post(message) }
    }

    mutating func add(_ subscriber: MatchHost.Subscriber, batching: SpectatorBatching, metrics: ServerMetrics) {
        subscribers[subscriber.connection] = subscriber
        let loop = subscriber.outlet.eventLoop
        if let fanout = loops.first(where: { $0.loop === loop }) {
            fanout.add(subscriber)
        } else {
            let fanout = LoopFanout(loop: loop, batching: batching, turnKeyframes: true,
                                    batchedMeter: metrics.batchedFanouts)
            fanout.add(subscriber)
            loops.append(fanout)
        }
    }

    mutating func remove(_ connection: ConnectionID) {
        guard let subscriber = subscribers.removeValue(forKey: connection) else { return }
        let loop = subscriber.outlet.eventLoop
        guard let index = loops.firstIndex(where: { $0.loop === loop }) else { return }
        if loops[index].remove(connection) { loops.remove(at: index) }
    }

    /// The roster message as it stands.
    func rosterText() -> String {
        let away = room.graceLeft
        var asked: [Bool]?
        switch rematch {
        case .asking(let wanted) where wanted.left || wanted.right: asked = [wanted.left, wanted.right]
        case .making, .made: asked = [true, true]
        default: asked = nil
        }
        return ServerMessage.roster(.init(names: room.names, connected: room.connected, spectators: audience,
                                          reconnectSeconds: away.contains { $0 != nil } ? away : nil,
                                          anonymous: room.anonymous, rematch: asked)).encode()
    }
}

extension MatchStatus {
    /// The word `GET /api/matches` uses for this status.
    var listingName: String {
        switch self {
        case .waitingForOpponent: "waiting"
        case .playing: "playing"
        case .paused: "paused"
        case .finished: "finished"
        }
    }
}
