import HummingbirdWebSocket
import NIOCore
import TennisProtocol

/// The messages before a connection is anything: an optional `challenge` request, then the hello.
extension SessionHandler {
    /// What a connection that has not said hello within the timeout is told.
    var silentFailure: SessionFailure {
        SessionFailure(code: "hello_timeout", message: "no hello within \(settings.helloTimeoutSeconds) s",
                       close: WireProtocol.CloseCode.protocolError)
    }

    /// Waits for the `hello`, and before it for a player's `challenge` request (answered with a
    /// fresh nonce, returned with the hello); a connection that has not said hello within the
    /// timeout is closed.
    func readHello(_ link: WebSocketLink) async throws -> (hello: ClientMessage.Hello, nonce: String?)
    {
        let timeout = settings.helloTimeoutSeconds
        let silent = silentFailure
        let start = MonotonicClock.seconds()
        guard var message = await firstMessage(link, orElse: silent) else {
            throw CancellationError()
        }
        var decoded = try Self.decodeHello(message)
        var nonce: String?
        if case .challenge = decoded {
            let fresh = IdentityChallenge.nonce()
            nonce = fresh
            await link.write(.text(IdentityChallenge.message(nonce: fresh)))
            // The hello is still due within the one timeout, counted from the connection's start.
            let left = max(0, timeout - (MonotonicClock.seconds() - start))
            guard let next = await firstMessage(link, orElse: silent, within: left) else {
                throw CancellationError()
            }
            message = next
            decoded = try Self.decodeHello(message)
        }
        guard case .hello(let hello) = decoded else {
            throw SessionFailure(code: "expected_hello", message: nonce == nil ? "the first message must be a hello"
                                     : "a challenge is followed by the hello",
                                 close: WireProtocol.CloseCode.protocolError)
        }
        guard hello.version == WireProtocol.version else {
            throw SessionFailure(code: "bad_version",
                                 message: "server speaks protocol \(WireProtocol.version), client \(hello.version)",
                                 close: WireProtocol.CloseCode.badVersion)
        }
        return (hello, nonce)
    }

    /// A message before the hello: a JSON control message, else `expected_hello`.
    private static func decodeHello(_ message: WebSocketMessage) throws -> ClientMessage {
        guard case .text(let text) = message else {
            throw SessionFailure(code: "expected_hello", message: "the first message must be a JSON hello",
                                 close: WireProtocol.CloseCode.protocolError)
        }
        do {
            return try ClientMessage.decode(text)
        } catch {
            throw SessionFailure(code: error.code, message: error.description, close: WireProtocol.CloseCode.protocolError)
        }
    }
}
