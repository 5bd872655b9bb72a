import Logging
import NIOSSL
import Synchronization
import TennisProtocol

/// A `MatchSession` run in the background and read as a stream, for headless consumers and
/// tests: every event of every link in order (a reconnect shows as a `.closed` followed by a new
/// `.opened`), ending with the session's last `.closed`.
public final class MatchSessionStream: Sendable {
    public let events: AsyncStream<ClientEvent>
    private let runner = Mutex<MatchSessionRunner?>(nil)
    private let closing = Atomic<Bool>(false)

    private init(events: AsyncStream<ClientEvent>) {
        self.events = events
    }

    /// - Parameter openTimeout: seconds for each link's TCP, TLS and WebSocket handshakes together.
    /// - Parameter silenceTimeout: seconds without a message after which the server is taken for gone.
    public static func connect(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(),
                               pingInterval: Double = 1, tls: TLSConfiguration? = nil,
                               openTimeout: Double = 10, silenceTimeout: Double = 15,
                               logger: Logger) -> MatchSessionStream {
        let (events, sink) = AsyncStream.makeStream(of: ClientEvent.self,
                                                    bufferingPolicy: .bufferingNewest(GameClient.eventBuffer))
        let stream = MatchSessionStream(events: events)
        Task { @MainActor in
            let settings = MatchSession.Settings(url: url, hello: hello, retry: retry, openTimeout: openTimeout,
                                                 silenceTimeout: silenceTimeout)
            let runner = MatchSessionRunner(settings, pingInterval: pingInterval, tls: tls, logger: logger)
            var lastWasClose = false
            runner.onEvent = { event in
                sink.yield(event)
                if case .closed = event { lastWasClose = true } else { lastWasClose = false }
            }
            runner.onAction = { action in
                guard case .ended(let ending) = action else { return }
                // Ended without a close from the server (given up, or left): say why.
                if !lastWasClose { sink.yield(.closed(code: nil, reason: ending.reason)) }
                sink.finish()
            }
            stream.runner.withLock { $0 = runner }
            runner.start()
            if stream.closing.load(ordering: .relaxed) { runner.leave() }
        }
        return stream
    }

    /// Ends the session politely.
    public func close() {
        closing.store(true, ordering: .relaxed)
        guard let runner = runner.withLock({ $0 }) else { return }
        Task { @MainActor in runner.leave() }
    }
}
