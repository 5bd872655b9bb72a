import Logging
import NIOSSL
import TennisClient
import TennisProtocol

/// How long a test's client waits on an in-process server: a user's 10 s to connect and 15 s of
/// silence, tripled. All suites start together on two cores, beside tests that compute for
/// seconds and browsers starting; a busy CI machine once left such links unopened for over 10 s,
/// and their watchdogs gave up on connections that were about to open ("connecting to
/// ws://127.0.0.1:…/ws timed out" in a dozen suites). What these tests check is not the timeouts
/// (`LinkWatchdogTests`, `MatchSessionTests` do, in virtual time).
public enum TestLink {
    public static let openTimeout = 30.0
    public static let silenceTimeout = 45.0
}

extension GameClient {
    /// `connect`, with `TestLink`'s waits.
    public static func forTest(url: String, hello: ClientMessage.Hello, pingInterval: Double = 1, tls: TLSConfiguration? = nil,
                        signer: (any HelloSigner)? = nil, logger: Logger) -> GameClient {
        connect(url: url, hello: hello, pingInterval: pingInterval, tls: tls, openTimeout: TestLink.openTimeout,
                silenceTimeout: TestLink.silenceTimeout, signer: signer, logger: logger)
    }
}

extension MatchSessionRunner {
    /// `start`, with `TestLink`'s waits.
    public static func forTest(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(), pingInterval: Double = 1,
                        signer: (any HelloSigner)? = nil, logger: Logger) -> MatchSessionRunner {
        let settings = MatchSession.Settings(url: url, hello: hello, retry: retry, openTimeout: TestLink.openTimeout,
                                             silenceTimeout: TestLink.silenceTimeout)
        let runner = MatchSessionRunner(settings, pingInterval: pingInterval, signer: signer, logger: logger)
        runner.start()
        return runner
    }
}

extension MatchSessionStream {
    /// `connect`, with `TestLink`'s waits.
    public static func forTest(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(),
                               pingInterval: Double = 1, logger: Logger) -> MatchSessionStream {
        connect(url: url, hello: hello, retry: retry, pingInterval: pingInterval, openTimeout: TestLink.openTimeout,
                silenceTimeout: TestLink.silenceTimeout, logger: logger)
    }
}
