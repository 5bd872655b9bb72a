import Synchronization

/// Admission control for WebSocket connections: at most so many at once in total and per
/// address, an optional Origin allow-list, and a cap on failed joins per address per minute
/// (so join codes can't be guessed by brute force). Pure bookkeeping behind a lock; the
/// session handler asks it and closes refused connections with a reason.
final class ConnectionGuard: Sendable {
    struct Limits: Sendable {
        var maxConnections: Int
        var maxPerAddress: Int
        var allowedOrigins: [String]
        var maxFailedJoinsPerMinute: Int
    }

    /// Why a connection is refused.
    enum Refusal: Equatable {
        case serverFull
        case tooManyFromAddress
        case originNotAllowed
        case tooManyFailedJoins

        var code: String {
            switch self {
            case .serverFull: "server_full"
            case .tooManyFromAddress: "too_many_connections"
            case .originNotAllowed: "origin_not_allowed"
            case .tooManyFailedJoins: "too_many_failed_joins"
            }
        }

        var message: String {
            switch self {
            case .serverFull: "the server is at its connection limit; try again later"
            case .tooManyFromAddress: "too many connections from your address"
            case .originNotAllowed: "this server does not accept connections from that web origin"
            case .tooManyFailedJoins: "too many failed joins from your address; wait a minute"
            }
        }
    }

    private struct State {
        var total = 0
        var perAddress: [String: Int] = [:]
        var failures: [String: [UInt64]] = [:]
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits) {
        self.limits = limits
    }

    /// Admits a connection (remember to `release` it) or says why not.
    func admit(peer: String, origin: String?, nowMicros: UInt64) -> Refusal? {
        if let origin, !limits.allowedOrigins.isEmpty, !limits.allowedOrigins.contains(origin) {
            return .originNotAllowed
        }
        return state.withLock { state in
            if Self.recentFailures(&state, peer: peer, now: nowMicros) >= limits.maxFailedJoinsPerMinute {
                return .tooManyFailedJoins
            }
            guard state.total < limits.maxConnections else { return .serverFull }
            guard state.perAddress[peer, default: 0] < limits.maxPerAddress else { return .tooManyFromAddress }
            state.total += 1
            state.perAddress[peer, default: 0] += 1
            return nil
        }
    }

    func release(peer: String) {
        state.withLock { state in
            state.total = max(0, state.total - 1)
            let left = state.perAddress[peer, default: 1] - 1
            state.perAddress[peer] = left > 0 ? left : nil
        }
    }

    /// Notes a join that named no match or a wrong seat token.
    func failedJoin(peer: String, nowMicros: UInt64) {
        state.withLock { state in
            _ = Self.recentFailures(&state, peer: peer, now: nowMicros)
            state.failures[peer, default: []].append(nowMicros)
        }
    }

    var openConnections: Int { state.withLock { $0.total } }

    private static func recentFailures(_ state: inout State, peer: String, now: UInt64) -> Int {
        guard var times = state.failures[peer] else { return 0 }
        times.removeAll { now &- $0 > 60_000_000 }
        state.failures[peer] = times.isEmpty ? nil : times
        return times.count
    }
}
