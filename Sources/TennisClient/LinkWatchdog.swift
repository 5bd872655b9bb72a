import TennisProtocol

/// When a connection should be given up, from when it started, opened and last heard anything
/// (time injected in monotonic µs, so tests need no clock).
///
/// The server sends something at least every `WireProtocol.idleKeyframeSeconds` even when a
/// match is waiting, paused or over (a heartbeat keyframe), so `silenceTimeout` must be well
/// above that: a long pause is not a lost link.
struct LinkWatchdog: Sendable {
    let url: String
    let startedMicros: UInt64
    /// Seconds for the TCP connect, TLS and WebSocket handshakes together.
    let openTimeout: Double
    /// Seconds without any message after which the server is taken for gone.
    let silenceTimeout: Double
    /// Seconds a close may wait for its answer.
    static let closeTimeout = 3.0

    /// Why the connection should be given up now, if it should.
    func verdict(nowMicros now: UInt64, opened: Bool, lastHeardMicros: UInt64, closeAskedMicros: UInt64) -> String? {
        func over(_ since: UInt64, _ seconds: Double) -> Bool { now &- since > UInt64(seconds * 1_000_000) }
        guard opened else {
            return over(startedMicros, openTimeout) ? "connecting to \(url) timed out" : nil
        }
        if closeAskedMicros != 0, over(closeAskedMicros, Self.closeTimeout) { return "closed" }
        let heard = max(lastHeardMicros, startedMicros)
        return over(heard, silenceTimeout) ? "the server at \(url) stopped answering" : nil
    }
}
