import CoreMetrics
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TennisProtocol
import TennisRecords

/// Why a connection is being turned away: sent as an `error` message, then a close code.
struct SessionFailure: Error {
    var code: String
    var message: String
    var close: UInt16
    /// With `moved`: the seat the owner holds for this client.
    var reservation: String? = nil
}

/// Runs one WebSocket connection: hello, then inputs in and the match's queue out.
final class SessionHandler: Sendable {
    let lobby: Lobby
    let settings: ServerConfiguration
    let logger: Logger
    let admission: ConnectionGuard
    private static let nextID = Atomic<UInt64>(1)

    /// The cluster directory (none: a standalone server).
    let link: DirectoryLink?
    /// Spectators of other nodes' matches are served here through these (none: sent on).
    let relays: RelayHub?

    init(lobby: Lobby, settings: ServerConfiguration, logger: Logger, link: DirectoryLink? = nil,
         relays: RelayHub? = nil, admission: ConnectionGuard) {
        self.link = link
        self.relays = relays
        self.lobby = lobby
        self.settings = settings
        self.logger = logger
        self.admission = admission
    }

    /// An upgraded connection, from its first message to its end. The task running this ends once
    /// the connection is seated in a match (here or through a relay): from then on its messages
    /// are taken on its event loop (`WebSocketLink.take`), and nothing of it waits on a task.
    ///
    /// Each way through is a function of its own, never inlined: an async function's frame is
    /// sized for everything any of its paths keeps across a suspension.
    func handle(_ upgraded: WebSocketUpgradeChannel.Upgraded) async {
        let link = upgraded.link
        let peer = AddressKey.of(upgraded.channel.remoteAddress)
        if lobby.stopping.load(ordering: .acquiring) {
            await refuseWhileStopping(link)
        } else if let refusal = admission.admit(peer: peer, origin: upgraded.origin,
                                                nowMicros: MonotonicClock.micros()) {
            await refuse(refusal, link: link, peer: peer)
        } else {
            await run(link, channel: upgraded.channel, peer: peer)
        }
    }

    /// Told after its hello, like a refusal (a close sent the instant the upgrade completes races
    /// the client's hello): a client that comes back while the server drains hears what the
    /// others heard, and may try again once it is back.
    @inline(never)
    private func refuseWhileStopping(_ link: WebSocketLink) async {
        _ = await firstMessage(link, orElse: silentFailure)
        await link.close(code: WireProtocol.CloseCode.serverShutdown, reason: settings.shutdownReason)
    }

    /// Refused by the connection limits, after the client's first message: a close sent the
    /// instant the upgrade completes races the client's hello, and a client caught mid-write was
    /// seen never to notice it.
    @inline(never)
    private func refuse(_ refusal: ConnectionGuard.Refusal, link: WebSocketLink, peer: String) async {
        logger.notice("connection refused", metadata: ["peer": "\(peer)", "reason": "\(refusal.code)"])
        let close = refusal == .originNotAllowed ? WireProtocol.CloseCode.forbidden : WireProtocol.CloseCode.tooMany
        let failure = SessionFailure(code: refusal.code, message: refusal.message, close: close)
        _ = await firstMessage(link, orElse: failure)
        await reject(link, failure)
    }

    /// An admitted connection: its hello, and then its place.
    @inline(never)
    private func run(_ link: WebSocketLink, channel: any Channel, peer: String) async {
        lobby.metrics.connections.record(lobby.openSessions.add(1, ordering: .relaxed).newValue)
        let ended: @Sendable () -> Void = { [admission, lobby] in
            admission.release(peer: peer)
            lobby.metrics.connections.record(lobby.openSessions.subtract(1, ordering: .relaxed).newValue)
        }
        let id = ConnectionID(value: Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
        switch await admitApart(link, connection: id, channel: channel, peer: peer) {
        case .done:
            // Refused, sent on, or gone: a connection still open is closed normally (1000).
            await link.close(code: UInt16(webSocketErrorCode: .normalClosure), reason: "")
            ended()
        case .relayed(let hello, let owner, let relays):
            // Another node's public match: watched here, through this node's relay of it.
            await watch(hello, from: owner, through: relays, connection: id, link: link, channel: channel,
                        ended: ended)
        case .seated(let admitted):
            seat(admitted, connection: id, link: link, ended: ended)
        }
    }

    /// The hello and everything it leads to, on a task of their own. A task keeps the memory its
    /// deepest moment took (its async frames' slabs) until it ends, and admission goes deep (the
    /// directory, name claims, the match's join); the connection's task then keeps only what the
    /// rest of its admission takes (docs/PERFORMANCE.md, "Memory per idle spectator").
    @inline(never)
    private func admitApart(_ link: WebSocketLink, connection id: ConnectionID, channel: any Channel,
                            peer: String) async -> Admission {
        await withTaskGroup(of: Admission.self) { group in
            group.addTask { await self.admit(link, connection: id, channel: channel, peer: peer) }
            return await group.next() ?? .done
        }
    }

    /// A connection seated in a match here: from now on its messages are taken on its loop, and
    /// `ended` is called once it is over.
    @inline(never)
    private func seat(_ admitted: Admitted, connection id: ConnectionID, link: WebSocketLink,
                      ended: @escaping @Sendable () -> Void) {
        admitted.outlet.whenCloseRequested { close in link.closeSoon(code: close.code, reason: close.reason) }
        let reader = SeatedReader(session: self, admitted: admitted, connection: id)
        link.take({ reader.take($0, link: link) }, ended: {
            admitted.host.leave(id)
            ended()
        })
    }

    /// A seated connection's reads: its place and its rate limits. Used only on its loop.
    final class SeatedReader: @unchecked Sendable {
        let session: SessionHandler
        let admitted: Admitted
        let connection: ConnectionID
        var limits: Limits
        /// The connection broke a rule and was told to close: nothing more is taken.
        var failed = false

        init(session: SessionHandler, admitted: Admitted, connection: ConnectionID) {
            self.session = session
            self.admitted = admitted
            self.connection = connection
            limits = Limits(inputs: RateLimiter(perSecond: session.settings.maxInputsPerSecond),
                            controls: session.controlLimiter(relay: admitted.relay),
                            chat: RateLimiter(perSecond: 1))
        }

        func take(_ message: WebSocketMessage, link: WebSocketLink) {
            guard !failed else { return }
            let host = admitted.host
            do {
                try session.take(message, limits: &limits, host: host, seat: admitted.seat, connection: connection,
                                 name: admitted.name, relay: admitted.relay)
            } catch {
                failed = true
                switch error {
                case let failure as SessionFailure:
                    session.fail(host: host, connection: connection, failure)
                case let error as ProtocolError:
                    session.fail(host: host, connection: connection, SessionFailure(
                        code: error.code, message: error.description, close: WireProtocol.CloseCode.protocolError))
                default:
                    session.logger.debug("connection ended",
                                         metadata: ["connection": "\(connection)", "error": "\(error)"])
                    link.closeOnLoop(code: UInt16(webSocketErrorCode: .unexpectedServerError), reason: "")
                }
            }
        }
    }

    /// Where a hello led.
    enum Admission: Sendable {
        /// Refused, sent on, or gone: nothing more to do.
        case done
        /// A spectator of another node's match, to be served through this node's relay of it.
        indirect case relayed(ClientMessage.Hello, owner: String, relays: RelayHub)
        /// In a match here.
        case seated(Admitted)
    }

    /// A connection in a match here: all its serving needs.
    struct Admitted: Sendable {
        let host: MatchHost
        let seat: Int?
        let outlet: ChannelOutlet
        let name: String
        /// Another node's relay (its proof checked).
        let relay: Bool
    }

    /// Reads the hello and does what it asks: a refusal, a redirect, a relay, or a place in a
    /// match here (with its welcome sent).
    private func admit(_ socket: WebSocketLink, connection id: ConnectionID, channel: any Channel,
                       peer: String) async -> Admission {
        let hello: ClientMessage.Hello
        let nonce: String?
        do {
            (hello, nonce) = try await readHello(socket)
        } catch let failure as SessionFailure {
            await reject(socket, failure)
            return .done
        } catch {
            // Gone, or silent past the hello timeout (already told).
            return .done
        }
        // Only another node of the cluster may say it relays the match (it is then served every
        // tick, past the spectator limit, and may pass its spectators' chat up).
        if hello.relay == true, hello.role == .spectator,
           !(hello.relayProof.map { lobby.gateway.verifiesRelay($0, code: hello.code) } ?? false) {
            await reject(socket, SessionFailure(
                code: "relay_refused", message: "only a node of this cluster may relay a match (relay_proof)",
                close: WireProtocol.CloseCode.forbidden))
            return .done
        }
        if hello.role == .spectator, hello.invite == nil, lobby.match(code: hello.code) == nil, let relays,
           let owner = await relaySource(hello.code, relays: relays, chain: hello.relay != true) {
            // Another node's public match: watched here, through this node's relay of it.
            return .relayed(hello, owner: owner, relays: relays)
        }
        // A private match without its secret looks exactly like no match at all.
        var unchecked = false
        if lobby.match(code: hello.code) == nil, let link {
            switch await redirect(hello, peer: peer, through: link) {
            case .answered(let failure):
                // Another node hosts it (the client follows by itself), or would refuse it.
                await reject(socket, failure)
                return .done
            case .nowhere: break
            case .unanswered: unchecked = true
            }
        }
        guard let host = lobby.match(code: hello.code), host.admits(invite: hello.invite) else {
            // A well-formed code the directory could not look up may well exist on another node:
            // the miss is the cluster's, not the client's (see `ConnectionGuard.uncheckedJoin`),
            // and the client is told to come back (4503, not final) rather than that it is gone.
            if unchecked, Secrets.isMatchCode(hello.code) {
                admission.uncheckedJoin(peer: peer, nowMicros: MonotonicClock.micros())
                await reject(socket, SessionFailure(
                    code: WireProtocol.CloseReason.directoryUnavailable,
                    message: "no match with code \(hello.code) here, and the cluster directory cannot be reached "
                        + "to look elsewhere; try again shortly",
                    close: WireProtocol.CloseCode.serverShutdown))
            } else {
                admission.failedJoin(peer: peer, nowMicros: MonotonicClock.micros())
                await reject(socket, SessionFailure(code: "not_found", message: "no match with code \(hello.code)",
                                                      close: WireProtocol.CloseCode.notFound))
            }
            return .done
        }
        // The node that seats the player checks its identity (one that sends it on does not: the
        // player signs a new challenge there), then whether a new player may use the name: only
        // if it is theirs or nobody's (a returning one already has its seat).
        let fingerprint: String?
        do {
            fingerprint = try identify(hello, nonce: nonce, peer: peer)
        } catch {
            await reject(socket, error)
            return .done
        }
        if hello.role == .player, hello.token == nil {
            if let failure = await checkClaim(hello, fingerprint: fingerprint) {
                await reject(socket, failure)
                return .done
            }
        }
        guard let outlet = await outlet(on: channel) else { return .done }
        let seat: Int?
        do {
            seat = try await join(host, hello, fingerprint: fingerprint, connection: id, outlet: outlet).seat
        } catch {
            if error == .badToken || error == .badReservation {
                admission.failedJoin(peer: peer, nowMicros: MonotonicClock.micros())
            }
            await reject(socket, SessionFailure(code: error.code, message: error.message, close: error.closeCode))
            return .done
        }
        return .seated(Admitted(host: host, seat: seat, outlet: outlet, name: WireProtocol.sanitise(hello.name),
                                relay: seat == nil && hello.relay == true))
    }

    /// Every how long a connection in a match is pinged; one silent for a whole period after a
    /// ping is closed with 1001 "ping timeout" (`OutletMachine.keepAliveDue`).
    static let keepAlive = TimeAmount.seconds(20)

    /// The connection's outlet, in place on its channel; nil if the connection ended first.
    func outlet(on channel: any Channel) async -> ChannelOutlet? {
        let outlet = ChannelOutlet(eventLoop: channel.eventLoop, controlLimit: settings.sendQueueDepth * 16,
                                   written: lobby.metrics.messagesOut, dropped: lobby.metrics.snapshotsDropped,
                                   keepAlive: Self.keepAlive)
        do {
            try await outlet.install(in: channel)
        } catch {
            logger.debug("connection ended before its outlet was in place", metadata: ["error": "\(error)"])
            return nil
        }
        return outlet
    }

    /// The client's next message; a client silent for the hello timeout is rejected with `failure`
    /// (which ends its messages, so this returns nil).
    func firstMessage(_ link: WebSocketLink, orElse failure: SessionFailure, within seconds: Double? = nil) async
        -> WebSocketMessage?
    {
        // A timer on the connection's event loop rather than a sleeping task: a cancelled
        // `Task.sleep` keeps its timer, and the memory it holds, until the deadline would have
        // come (swiftlang/swift#60441); a cancelled scheduled task is dropped at once.
        // One outcome, whichever comes first: a message that arrives as the timer fires is
        // dropped (the rejection is already on its way), and a timer that fires after the
        // message rejects nothing. Without this a loaded machine sent a challenged client's
        // `hello_timeout` twice: the first wait's timer fired just as its message came, then the
        // second wait's.
        let outcome = FirstClaim()
        let timer = link.eventLoop.scheduleTask(in: .nanoseconds(Int64((seconds ?? settings.helloTimeoutSeconds) * 1e9))) {
            guard outcome.claim() else { return }
            Task { await self.reject(link, failure) }
        }
        defer { timer.cancel() }
        let message = await link.next()
        if outcome.claim() { return message }
        // The timer came first: its rejection is on its way and closes the link. Wait for that,
        // or the session would end first and the client hear a plain close, not why.
        while await link.next() != nil {}
        return nil
    }

    /// The rate limit of a connection's control messages: a relay link's control messages are
    /// its spectators' chat lines, so it gets `relayedChatPerSecond` (each spectator is held to
    /// one line a second at the relay); anyone else the server's limit.
    func controlLimiter(relay: Bool) -> RateLimiter {
        RateLimiter(perSecond: relay ? Self.relayedChatPerSecond : settings.maxControlMessagesPerSecond)
    }

    /// Whether a control message (a text frame) is within `limiter`'s rate (a relay link's own,
    /// `relayedChatPerSecond`, else the server's). Past it the message is dropped and the first
    /// of the second answered through `reply` (`too_fast`; the connection stays open); far past
    /// it, this throws `control_flood` (close 4429).
    func controlAllowed(_ limiter: inout RateLimiter, reply: (Outbound) -> Void) throws(SessionFailure) -> Bool {
        guard !limiter.allow(nowMicros: MonotonicClock.micros()) else { return true }
        let limit = limiter.perSecond
        if limiter.refusedThisSecond > limit * 4 {
            throw SessionFailure(code: "control_flood", message: "far more than \(limit) control messages a second",
                                 close: WireProtocol.CloseCode.tooMany)
        }
        lobby.metrics.rejected("too_fast")
        if limiter.refusedThisSecond == 1 {
            reply(.json(ServerMessage.error(code: "too_fast", message: "at most \(limit) control messages a second")
                .encode()))
        }
        return false
    }

    /// The rate limits of one connection's messages.
    struct Limits {
        var inputs: RateLimiter
        var controls: RateLimiter
        var chat: RateLimiter
    }

    /// One message of a connection in a match here; throws what ends the connection.
    func take(_ message: WebSocketMessage, limits: inout Limits, host: MatchHost, seat: Int?,
              connection: ConnectionID, name: String, relay: Bool) throws {
        lobby.metrics.messagesIn.increment()
        switch message {
        case .binary(let buffer):
            guard let seat else {
                throw SessionFailure(code: "spectator_input", message: "spectators cannot send inputs",
                                     close: WireProtocol.CloseCode.forbidden)
            }
            let frame = try InputFrame.decode(Array(buffer.readableBytesView))
            if limits.inputs.allow(nowMicros: MonotonicClock.micros()) {
                host.input(frame, seat: seat)
            } else {
                lobby.metrics.inputsRateLimited.increment()
                if limits.inputs.refusedThisSecond > settings.maxInputsPerSecond * 4 {
                    throw SessionFailure(code: "input_flood",
                                         message: "far more than \(settings.maxInputsPerSecond) inputs a second",
                                         close: WireProtocol.CloseCode.tooMany)
                }
            }
        case .text(let text):
            // Checked before decoding: JSON costs far more than an input frame.
            guard try controlAllowed(&limits.controls, reply: { host.send($0, to: connection) }) else { return }
            switch try ClientMessage.decode(text) {
            case .ping(let id, let clientTime):
                let pong = ServerMessage.pong(id: id, clientTime: clientTime, serverTime: MonotonicClock.micros())
                host.send(.json(pong.encode()), to: connection)
            case .hello, .challenge:
                throw SessionFailure(code: "duplicate_hello", message: "hello was already received",
                                     close: WireProtocol.CloseCode.protocolError)
            case .chat(let line):
                guard chatAllowed(&limits.chat, reply: { host.send($0, to: connection) }),
                      let clean = Self.cleanChat(line) else { return }
                host.broadcast(chat: .init(from: name, seat: seat, text: clean))
            case .relayedChat(let from, let line):
                guard relay else { throw Self.notARelay }
                guard let clean = Self.cleanChat(line) else { return }
                host.broadcast(chat: .init(from: MatchHost.displayName(from), seat: nil, text: clean))
            case .rematch:
                guard let seat else {
                    refuseRematch { host.send($0, to: connection) }
                    return
                }
                lobby.rematch(of: host, seat: seat, connection: connection)
            }
        }
    }

    /// A chat line as everyone gets it (escape sequences and control characters removed); nil
    /// when nothing is left.
    static func cleanChat(_ line: String) -> String? {
        let clean = WireProtocol.sanitise(line, limit: ClientMessage.maxChatLength)
        return clean.isEmpty ? nil : clean
    }

    /// Whether a connection may chat now: one line a second, a short burst allowed. If not,
    /// `reply` tells it (`chat_too_fast`; the connection stays open).
    func chatAllowed(_ limiter: inout RateLimiter, reply: (Outbound) -> Void) -> Bool {
        guard !limiter.allow(nowMicros: MonotonicClock.micros()) else { return true }
        lobby.metrics.rejected("chat_too_fast")
        reply(.json(ServerMessage.error(code: "chat_too_fast", message: "one chat line a second").encode()))
        return false
    }

    /// Tells a spectator that asked for a rematch that only the players can (the connection stays open).
    func refuseRematch(reply: (Outbound) -> Void) {
        lobby.metrics.rejected("rematch_refused")
        reply(.json(ServerMessage.error(code: "rematch_refused", message: "only the players can ask for a rematch")
            .encode()))
    }

    /// Chat lines a second one relay link may pass up (each of its spectators is held to one a second there).
    static let relayedChatPerSecond = 50

    /// What a `relay_chat` from anything but a relay link gets.
    static let notARelay = SessionFailure(code: "relay_refused", message: "relay_chat comes only from a relay node",
                                          close: WireProtocol.CloseCode.forbidden)

    func fail(host: MatchHost, connection: ConnectionID, _ failure: SessionFailure) {
        lobby.metrics.rejected(failure.code)
        logger.info("rejecting client message", metadata: ["connection": "\(connection)", "code": "\(failure.code)"])
        host.send(.json(ServerMessage.error(code: failure.code, message: failure.message).encode()), to: connection)
        host.send(.close(code: failure.close, reason: failure.code), to: connection)
    }

    /// Tells a client why, then closes with the matching code.
    func reject(_ link: WebSocketLink, _ failure: SessionFailure) async {
        lobby.metrics.rejected(failure.code)
        await link.write(.text(failure.serverMessage.encode()))
        await link.close(code: failure.close, reason: failure.code)
    }
}

/// Which of two racing parties came first: `claim()` is true for the first caller only.
final class FirstClaim: Sendable {
    private let claimed = Atomic<Bool>(false)

    func claim() -> Bool { !claimed.exchange(true, ordering: .acquiringAndReleasing) }
}

/// A token bucket: `perSecond` events per second on average, bursts up to one second's worth.
struct RateLimiter {
    let perSecond: Int
    private var tokens: Double
    private var last: UInt64 = 0
    /// Events refused in the current one-second window: a client far over the rate is cut off.
    private(set) var refusedThisSecond = 0
    private var windowStart: UInt64 = 0

    init(perSecond: Int) {
        self.perSecond = perSecond
        self.tokens = Double(perSecond)
    }

    mutating func allow(nowMicros: UInt64) -> Bool {
        if last != 0 {
            let elapsed = Double(nowMicros &- last) / 1_000_000
            tokens = min(Double(perSecond), tokens + elapsed * Double(perSecond))
        }
        last = nowMicros
        guard tokens >= 1 else {
            if nowMicros &- windowStart > 1_000_000 {
                windowStart = nowMicros
                refusedThisSecond = 0
            }
            refusedThisSecond += 1
            return false
        }
        tokens -= 1
        return true
    }
}
