import Foundation
import Logging
import NIOCore
import Synchronization
import TennisCore
import TennisProtocol

/// A message queued for one connection.
enum Outbound: Sendable {
    /// An encoded snapshot, shared by every connection of the match (one encode per tick).
    case snapshot(ByteBuffer, isKeyframe: Bool)
    case text(String)
    case close(code: UInt16, reason: String)
}

/// One live match: its room behind a lock, its tick loop, and the queues of everyone watching.
///
/// The tick task never awaits a client: each connection has its own bounded `OutboundQueue`
/// (control messages kept in order, snapshots latest-wins), so a slow reader loses old
/// snapshots, not everyone's time.
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
        /// What the last keyframe carried, to know when the next is due.
        var keyframe: (score: Score, tick: UInt32, roomTick: UInt64)?
        var seatOf: [ConnectionID: Int] = [:]
        var idleTicks: UInt64 = 0
        var events: [MatchEvent] = []
        var startedAt: Date?
        var recorded = false
        /// Spectators came or went since the last roster: everyone hears it on a later tick
        /// (a few times a second), not once per join, so a join storm is not N² messages.
        var rosterDue = false
    }

    let archiveStore: (any MatchArchive)?
    /// A private match's invite secret (nil: public).
    let invite: String?
    let metrics: ServerMetrics

    init(code: String, config: MatchConfig, settings: ServerConfiguration, logger: Logger,
         archive: (any MatchArchive)? = nil, invite: String? = nil, metrics: ServerMetrics = ServerMetrics()) {
        self.code = code
        self.invite = invite
        self.metrics = metrics
        self.archiveStore = archive
        self.config = config
        self.settings = settings
        self.createdAt = .now
        var logger = logger
        logger[metadataKey: "match"] = .string(code)
        self.logger = logger
        var inner = Inner(room: MatchRoom(config: config, graceSeconds: settings.reconnectGraceSeconds,
                                          maxSpectators: settings.maxSpectatorsPerMatch))
        inner.events.reserveCapacity(32)
        self.state = Mutex(inner)
    }

    /// Whether a hello may enter: always for a public match; with the right secret for a private one.
    func admits(invite given: String?) -> Bool {
        guard let invite else { return true }
        return Secrets.constantTimeEquals(invite, given ?? "")
    }

    /// Seats a player or admits a spectator, returning the welcome and the connection's queue.
    /// `held`: free seats a new player may not take (held for reservations in a cluster).
    func join(_ hello: ClientMessage.Hello, connection: ConnectionID, held: Int = 0) throws(JoinError)
        -> (welcome: ServerMessage.Welcome, seat: Int?, outbound: OutboundQueue)
    {
        let name = WireProtocol.sanitise(hello.name).isEmpty ? "Player" : WireProtocol.sanitise(hello.name)
        let queue = OutboundQueue(controlLimit: settings.sendQueueDepth * 16)
        let result: Result<(ServerMessage.Welcome, Int?), JoinError> = state.withLock { inner in
            do throws(JoinError) {
                var seat: Int?
                var token: String?
                switch hello.role {
                case .player:
                    (seat, token) = try inner.room.seat(name: name, token: hello.token, connection: connection,
                                                        held: held)
                    inner.seatOf[connection] = seat
                case .spectator:
                    try inner.room.addSpectator()
                }
                let welcome = ServerMessage.Welcome(
                    code: code, seat: seat, token: token, format: config.format.rawValue,
                    surface: config.surface.name, tickRate: MatchState.ticksPerSecond)
                queue.push(.text(ServerMessage.welcome(welcome).encode()))
                // A keyframe first, so lean snapshots have something to build on.
                queue.push(.snapshot(ByteBuffer(bytes: inner.room.snapshot(now: MonotonicClock.micros()).encode()),
                                     isKeyframe: true))
                inner.subscribers[connection] = Subscriber(queue: queue,
                                                           every: Self.divisor(forRate: hello.rate))
                inner.idleTicks = 0
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
            state.withLock { inner in
                inner.rosterDue = true
                queue.push(.text(inner.rosterText()))
            }
        }
        return (welcome, seat, queue)
    }

    /// One connection's queue and how often it wants snapshots.
    struct Subscriber {
        let queue: OutboundQueue
        /// Send every `every`-th tick's lean snapshot (keyframes always go).
        let every: UInt64
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
            inner.subscribers.removeValue(forKey: connection)?.queue.finish()
            if seat == nil { inner.rosterDue = true } else { inner.broadcastRoster() }
        }
        logger.info("left", metadata: ["connection": "\(connection)"])
    }

    /// Applies a seated player's input on the next tick.
    func input(_ frame: InputFrame, seat: Int) {
        state.withLock { $0.room.apply(frame, seat: seat) }
    }

    /// Queues a message for one connection.
    func send(_ message: Outbound, to connection: ConnectionID) {
        state.withLock { _ = $0.subscribers[connection]?.queue.push(message) }
    }

    /// What listings show about this match.
    var summary: MatchSummary {
        state.withLock { inner in
            MatchSummary(code: code, players: inner.room.names.filter { !$0.isEmpty },
                         spectators: inner.room.spectators, state: inner.room.status.listingName,
                         format: config.format.rawValue, surface: config.surface.name,
                         score: inner.room.match.score.compactText)
        }
    }

    func broadcastRoster() {
        state.withLock { $0.broadcastRoster() }
    }

    /// Sends a chat line to everyone in the match.
    func broadcast(chat: ServerMessage.Chat) {
        let text = ServerMessage.chat(chat).encode()
        state.withLock { $0.broadcast(text) }
    }
}

extension MatchHost.Inner {
    /// Sends who is here (and, while paused, how long the away player has left) to everyone.
    mutating func broadcastRoster() {
        rosterDue = false
        broadcast(rosterText())
    }

    /// Queues a control message for every connection of the match.
    func broadcast(_ text: String) {
        for subscriber in subscribers.values { subscriber.queue.push(.text(text)) }
    }

    /// The roster message as it stands.
    func rosterText() -> String {
        let away = room.graceLeft
        return ServerMessage.roster(.init(names: room.names, connected: room.connected, spectators: room.spectators,
                                          reconnectSeconds: away.contains { $0 != nil } ? away : nil)).encode()
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
