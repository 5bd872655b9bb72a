import TennisProtocol

/// When a connection should be given up, from when it started, opened and last heard anything
/// (time injected in seconds, so tests need no clock).
///
/// The server sends something at least every `WireProtocol.idleKeyframeSeconds` even when a
/// match is waiting, paused or over (a heartbeat keyframe), so `silenceTimeout` must be well
/// above that: a long pause is not a lost link.
struct LinkWatchdog: Sendable, Equatable {
    /// Seconds for the TCP connect, TLS and WebSocket handshakes together.
    var openTimeout: Double
    /// Seconds without any message after which the server is taken for gone.
    var silenceTimeout: Double
    /// Seconds a close may wait for its answer.
    static let closeTimeout = 3.0

    /// Why the connection to `url` should be given up at `now`, if it should.
    func verdict(url: String, now: Double, startedAt: Double, opened: Bool, lastHeard: Double?,
                 closeAskedAt: Double?) -> String? {
        guard opened else {
            return now - startedAt > openTimeout ? "connecting to \(url) timed out" : nil
        }
        if let closeAskedAt, now - closeAskedAt > Self.closeTimeout { return "closed" }
        let heard = max(lastHeard ?? startedAt, startedAt)
        return now - heard > silenceTimeout ? "the server at \(url) stopped answering" : nil
    }
}
