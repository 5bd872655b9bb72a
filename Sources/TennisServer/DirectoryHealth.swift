/// Whether the cluster directory is worth waiting for: pure bookkeeping, time comes in as `now`
/// (microseconds on a monotonic clock), so tests step it.
///
/// - **Up**: every call goes to the directory.
/// - **Down since T**: a call failed or did not answer in time. Calls that want an answer now
///   (a join, a listing, a new match) are not made: the node answers from its own state at once.
///   Only a probe goes (the heartbeat), at most one per `probeEvery`; the first call that
///   succeeds, probe or not, turns it up again.
///
/// Each turn is returned once as a `Report` (`.wentDown`, `.cameBack`), so an outage logs two lines
/// however many calls it refused.
struct DirectoryHealth: Equatable {
    enum State: Equatable {
        case up
        case down(since: UInt64)
    }

    /// What the caller does.
    enum Call: Equatable {
        case ask
        /// The directory is known to be down: go on without it, now.
        case skip
    }

    /// A turn the owner reports (logs).
    enum Report: Equatable {
        case wentDown
        case cameBack(afterMicros: UInt64)
    }

    private(set) var state = State.up
    /// While down: no probe before this.
    private var nextProbe: UInt64 = 0
    let probeEvery: UInt64

    init(probeEveryMicros: UInt64) {
        self.probeEvery = probeEveryMicros
    }

    var isDown: Bool { state != .up }

    /// A call that wants an answer now.
    func request() -> Call {
        state == .up ? .ask : .skip
    }

    /// A background call that may find the directory back (the heartbeat).
    mutating func probe(now: UInt64) -> Call {
        guard case .down = state else { return .ask }
        guard now >= nextProbe else { return .skip }
        nextProbe = now + probeEvery
        return .ask
    }

    mutating func succeeded(now: UInt64) -> Report? {
        guard case .down(let since) = state else { return nil }
        state = .up
        return .cameBack(afterMicros: now &- since)
    }

    /// A call failed, or was given up on at its deadline.
    mutating func failed(now: UInt64) -> Report? {
        nextProbe = max(nextProbe, now + probeEvery)
        guard state == .up else { return nil }
        state = .down(since: now)
        return .wentDown
    }
}
