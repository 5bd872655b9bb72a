import Logging
import NIOSSL
import Synchronization
import TennisCore
import TennisProtocol

/// A connection to a match that comes back by itself: when the link drops, it reconnects
/// with backoff, a player presenting its seat token so the seat (and the paused match) is
/// theirs again. It stops for good on a refusal that retrying can't fix, or on `close()`.
/// In a cluster it follows a `moved` redirect to the owning node with the seat reservation
/// it carries; if that reservation has lapsed (`bad_reservation`) it asks once more without it.
public final class MatchConnection: Sendable {
    /// How hard to try after the link drops.
    public struct RetryPolicy: Sendable {
        /// Delay before the first retry, doubled each time up to `maxDelay`.
        public var firstDelay: Double
        public var maxDelay: Double
        /// Give up after this many seconds without a connection (a player's grace period).
        public var giveUpAfter: Double

        public init(firstDelay: Double = 0.25, maxDelay: Double = 4, giveUpAfter: Double = 30) {
            self.firstDelay = firstDelay
            self.maxDelay = maxDelay
            self.giveUpAfter = giveUpAfter
        }

        public static let never = RetryPolicy(firstDelay: 0, maxDelay: 0, giveUpAfter: 0)
    }

    /// Every event of every underlying connection, plus `.reconnecting` between them.
    public let events: AsyncStream<ClientEvent>
    private let sink: AsyncStream<ClientEvent>.Continuation
    private let current = Mutex<GameClient?>(nil)
    private let closing = Atomic<Bool>(false)
    private let hello: Mutex<ClientMessage.Hello>

    private init(hello: ClientMessage.Hello) {
        (events, sink) = AsyncStream.makeStream(of: ClientEvent.self, bufferingPolicy: .bufferingNewest(GameClient.eventBuffer))
        self.hello = Mutex(hello)
    }

    public static func connect(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(),
                               pingInterval: Double = 1, tls: TLSConfiguration? = nil,
                               logger: Logger) -> MatchConnection {
        let connection = MatchConnection(hello: hello)
        Task { await connection.run(url: url, retry: retry, pingInterval: pingInterval, tls: tls, logger: logger) }
        return connection
    }

    /// The seat token the server gave this connection, once welcomed as a player.
    public var token: String? { hello.withLock { $0.token } }

    @discardableResult
    public func send(_ input: PlayerInput) -> UInt32 {
        current.withLock { $0?.send(input) } ?? 0
    }

    /// Sends a chat line on the current link (dropped while reconnecting).
    public func send(chat text: String) {
        current.withLock { $0?.send(chat: text) }
    }

    public func close() {
        closing.store(true, ordering: .relaxed)
        current.withLock { $0?.close() }
    }

    private func run(url first: String, retry: RetryPolicy, pingInterval: Double, tls: TLSConfiguration?,
                     logger: Logger) async {
        var url = first
        var redirects = 0
        var attempt = 0
        var lostAt: ContinuousClock.Instant?
        var everWelcomed = false
        while true {
            let client = GameClient.connect(url: url, hello: hello.withLock { $0 }, pingInterval: pingInterval,
                                            tls: tls, logger: logger)
            current.withLock { $0 = client }
            if closing.load(ordering: .relaxed) { client.close() }
            var welcomed = false
            var closeCode: UInt16?
            var closeReason: String?
            var closeEvent: ClientEvent?
            var movedTo: ServerMessage.Redirect?
            var reservationRefused = false
            for await event in client.events {
                switch event {
                case _ where event.movedTo != nil && redirects < 3:
                    // The match lives on another node of the cluster: follow it there.
                    movedTo = event.movedTo
                case .error("bad_reservation", _) where hello.withLock({ $0.reservation != nil }):
                    // The seat held for us lapsed: ask again as a plain join (below).
                    reservationRefused = true
                case .welcome(let welcome):
                    welcomed = true
                    attempt = 0
                    lostAt = nil
                    // A reservation is single use; from now on the seat token brings us back.
                    hello.withLock { hello in
                        if let token = welcome.token { hello.token = token }
                        hello.reservation = nil
                    }
                    sink.yield(event)
                case .closed(let code, let reason):
                    closeCode = code
                    closeReason = reason
                    closeEvent = event
                default:
                    sink.yield(event)
                }
            }
            if let movedTo, !closing.load(ordering: .relaxed) {
                redirects += 1
                url = movedTo.url
                hello.withLock { $0.reservation = movedTo.reservation }
                continue
            }
            if reservationRefused, !closing.load(ordering: .relaxed) {
                hello.withLock { $0.reservation = nil }
                continue
            }
            // Refusals, a host who left and a closed match are final; a server restarting is not.
            let refused = WireProtocol.CloseReason.isFinal(code: closeCode, reason: closeReason)
            let start = lostAt ?? .now
            lostAt = start
            let waited = ContinuousClock.now - start
            let giveUp = Double(waited.components.seconds) >= retry.giveUpAfter
            if welcomed { everWelcomed = true }
            // A first connection that never got in is reported, not retried: the address is probably wrong.
            if closing.load(ordering: .relaxed) || refused || giveUp || retry.giveUpAfter <= 0 || !everWelcomed {
                sink.yield(closeEvent ?? .closed(code: nil, reason: nil))
                break
            }
            attempt += 1
            let delay = min(retry.maxDelay, retry.firstDelay * Double(1 << min(attempt - 1, 10)))
            sink.yield(.reconnecting(attempt: attempt, delaySeconds: delay))
            try? await Task.sleep(for: .seconds(delay))
            if closing.load(ordering: .relaxed) {
                sink.yield(.closed(code: nil, reason: "closed"))
                break
            }
        }
        current.withLock { $0 = nil }
        sink.finish()
    }
}
