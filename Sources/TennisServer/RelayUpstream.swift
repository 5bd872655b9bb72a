import TennisProtocol

/// A relay's subscription to a match on another node: a spectator connection to the node that
/// owns it (or to another relay), whose messages come back exactly as they were sent.
public protocol RelayUpstream: Sendable {
    /// Connects to `url` with `hello` (a relay's spectator hello) and sends each of `sending`'s
    /// lines (relayed chat) as a text message while it lasts. The stream ends with `.closed`;
    /// ending the consumer (cancelling its task) closes the connection.
    func subscribe(url: String, hello: ClientMessage.Hello, sending: AsyncStream<String>) -> AsyncStream<UpstreamMessage>
}

/// One message from a relay's upstream, as it came.
public enum UpstreamMessage: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    /// The connection ended: the close code and reason it got (nil: no close frame, e.g. refused).
    case closed(code: UInt16?, reason: String?)
}
