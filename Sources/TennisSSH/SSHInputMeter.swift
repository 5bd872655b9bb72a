/// Meters a session's input: bytes a second, and the size of one read. Pure; time comes in.
///
/// Within each one-second window the first `perSecond` bytes pass, later ones are dropped, and
/// once `4 × perSecond` have arrived in a window the session is closed. A single read over
/// `maxRead` bytes closes it at once.
struct SSHInputMeter {
    enum Verdict: Equatable {
        /// Pass this many bytes from the front of the read (the rest is dropped).
        case pass(Int)
        /// Close the session with this line.
        case close(String)
    }

    let perSecond: Int
    let maxRead: Int
    private var windowStart: UInt64?
    private var inWindow = 0

    init(perSecond: Int, maxRead: Int) {
        self.perSecond = perSecond
        self.maxRead = maxRead
    }

    mutating func read(_ count: Int, nowNanos: UInt64) -> Verdict {
        guard count <= maxRead else { return .close("tennis: input of \(count) bytes at once is over \(maxRead); goodbye") }
        if let start = windowStart, nowNanos &- start < 1_000_000_000 {
            // same window
        } else {
            windowStart = nowNanos
            inWindow = 0
        }
        let allowed = max(0, perSecond - inWindow)
        inWindow += count
        if inWindow >= 4 * perSecond { return .close("tennis: more than \(4 * perSecond) bytes of input in a second; goodbye") }
        return .pass(min(count, allowed))
    }
}
