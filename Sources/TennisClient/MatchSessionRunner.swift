import Logging
import NIOSSL
import TennisCore
import TennisProtocol

/// Carries out a `MatchSession`'s actions for real: opens `GameClient` links, feeds their events
/// back in with the monotonic clock's time, ticks the session's timers, and tells its owner about
/// the outward actions (bell, notice, seat token, end). All decisions are the session's.
@MainActor
public final class MatchSessionRunner {
    public private(set) var session: MatchSession
    /// The outward actions (bell, notice, saveSeat, ended), after the session took the event.
    public var onAction: ((MatchSession.Action) -> Void)?
    /// Every event of the current link, after the session took it and before its actions run
    /// (a bot decides here).
    public var onEvent: ((ClientEvent) -> Void)?
    private var links: [Int: GameClient] = [:]
    private var bytesOfClosedLinks = 0
    private let pingInterval: Double
    private let tls: TLSConfiguration?
    /// Signs each link's hello (nil: an anonymous player, or a spectator).
    private let signer: (any HelloSigner)?
    private let logger: Logger
    private var ticker: Task<Void, Never>?
    private var waiters: [CheckedContinuation<MatchSession.Ending, Never>] = []

    /// How often the session's timers (reconnect, watchdog) run when nobody draws frames.
    static let tickSeconds = 0.1

    /// - Parameter signer: a player's identity, signed into each link's hello (nil: anonymous).
    public init(_ settings: MatchSession.Settings, pingInterval: Double = 1, tls: TLSConfiguration? = nil,
                signer: (any HelloSigner)? = nil, logger: Logger) {
        session = MatchSession(settings)
        self.signer = signer
        self.pingInterval = pingInterval
        self.tls = tls
        self.logger = logger
    }

    /// A runner that has opened its first link.
    public static func start(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(),
                             pingInterval: Double = 1, tls: TLSConfiguration? = nil, signer: (any HelloSigner)? = nil,
                             logger: Logger)
        -> MatchSessionRunner {
        let runner = MatchSessionRunner(.init(url: url, hello: hello, retry: retry), pingInterval: pingInterval,
                                        tls: tls, signer: signer, logger: logger)
        runner.start()
        return runner
    }

    /// Seconds on the monotonic clock: the session's time.
    public static func now() -> Double { MonotonicClock.seconds() }

    /// Opens the first link and starts the timer tick.
    public func start() {
        guard ticker == nil, !session.closed else { return }
        handle(.start(now: Self.now()))
        guard !session.closed else { return }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(Self.tickSeconds))
                guard let self, !self.session.closed else { return }
                self.handle(.frame(now: Self.now(), input: nil))
            }
        }
    }

    public func handle(_ event: MatchSession.Event) {
        for action in session.handle(event) { perform(action) }
    }

    /// A frame: timers, and a seated player's input (nil: none to send).
    public func frame(input: PlayerInput?, now: Double = MatchSessionRunner.now()) {
        handle(.frame(now: now, input: input))
    }

    public func send(chat text: String) { handle(.chat(text, now: Self.now())) }

    /// Asks for a rematch of the finished match (a player's session only).
    public func askRematch() { handle(.askRematch(now: Self.now())) }

    /// Ends the session politely (a close frame; the end follows its answer or a timeout).
    public func leave() { handle(.leave(now: Self.now())) }

    /// What to draw now.
    public func present(now: Double) -> MatchView? { session.present(now: now) }

    /// Payload bytes received over all links so far.
    public var bytesReceived: Int { bytesOfClosedLinks + links.values.reduce(0) { $0 + $1.bytesReceived } }

    /// Waits for the session to end.
    public func ended() async -> MatchSession.Ending {
        if let ending = session.ended { return ending }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func perform(_ action: MatchSession.Action) {
        switch action {
        case .connect(let id, let url, let hello):
            let client = GameClient.connect(url: url, hello: hello, pingInterval: pingInterval, tls: tls,
                                            watchdog: false, signer: signer, logger: logger)
            links[id] = client
            Task { [weak self] in
                for await event in client.events {
                    guard let self else { return }
                    self.deliver(event, link: id)
                }
            }
        case .send(let id, let frame):
            links[id]?.send(frame)
        case .chat(let id, let text):
            links[id]?.send(chat: text)
        case .rematch(let id):
            links[id]?.send(message: .rematch)
        case .close(let id):
            links[id]?.close()
        case .abandon(let id):
            drop(id)?.abandon()
        case .ended(let ending):
            ticker?.cancel()
            for id in Array(links.keys) { drop(id)?.abandon() }
            onAction?(action)
            let waiting = waiters
            waiters = []
            for waiter in waiting { waiter.resume(returning: ending) }
        case .bell, .notice, .saveSeat:
            onAction?(action)
        }
    }

    private func deliver(_ event: ClientEvent, link id: Int) {
        guard links[id] != nil else { return }
        if case .closed = event { drop(id) }
        // The owner sees the event with the session's new state, before its actions run (the
        // last event before an ending reaches it before the ending does).
        let actions = session.handle(.link(id, event, now: Self.now()))
        onEvent?(event)
        for action in actions { perform(action) }
    }

    @discardableResult
    private func drop(_ id: Int) -> GameClient? {
        guard let client = links.removeValue(forKey: id) else { return nil }
        bytesOfClosedLinks += client.bytesReceived
        return client
    }
}
