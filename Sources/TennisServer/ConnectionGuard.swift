import Synchronization

/// Admission control, pure bookkeeping behind a lock (time comes in as `nowMicros`).
///
/// Two layers count the same sockets:
/// - **Transport** (`admitTransport`, at accept, before a byte is read): every TCP connection,
///   and among them the *pending* ones, not (yet) upgraded to a WebSocket — HTTP requests,
///   handshakes, a slowloris. Pending ones have small limits of their own, so sockets that say
///   nothing useful cannot crowd out players; refusals here are a canned HTTP 503/429.
/// - **Sessions** (`admit`, after the upgrade): WebSocket sessions in total and per address, the
///   Origin allow-list and the failed-join guard; refusals are a WebSocket close with a reason.
///
/// The transport allows each limit plus the pending allowance, so a client over a session limit
/// still gets the WebSocket close that tells it why. Every per-address table drops an address
/// when its count reaches zero (failures: when they expire), so memory follows live connections.
final class ConnectionGuard: Sendable {
    struct Limits: Sendable {
        var maxConnections: Int
        var maxPerAddress: Int
        var allowedOrigins: [String]
        var maxFailedJoinsPerMinute: Int
        /// Connections not upgraded to a WebSocket, in total and per address.
        var maxPending: Int = 1024
        var maxPendingPerAddress: Int = 32
        /// Failed joins a minute across all addresses before addresses with a failure are refused.
        var maxFailedJoinsPerMinuteGlobal: Int = 600
        /// Addresses exempt from the per-address limits (`ServerConfiguration.gatewayAddresses`).
        var gatewayAddresses: Set<String> = []
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

        /// The HTTP status when refused before any request was read.
        var httpStatus: Int { self == .serverFull ? 503 : 429 }
    }

    private struct State {
        var sessions = AddressCounts()
        var transport = AddressCounts()
        var pending = AddressCounts()
        var failures: FailedJoinLedger
    }

    let limits: Limits
    private let state: Mutex<State>

    init(limits: Limits) {
        self.limits = limits
        self.state = Mutex(State(failures: FailedJoinLedger(perAddress: limits.maxFailedJoinsPerMinute,
                                                            global: limits.maxFailedJoinsPerMinuteGlobal)))
    }

    // MARK: Transport

    /// Counts a new TCP connection as pending (call `transportUpgraded` when it becomes a
    /// WebSocket and `releaseTransport` when it closes) or says why not.
    func admitTransport(peer: String) -> Refusal? {
        state.withLock { state in
            guard state.pending.total < limits.maxPending,
                  state.transport.total < limits.maxConnections + limits.maxPending else { return .serverFull }
            let gateway = limits.gatewayAddresses.contains(peer)
            guard gateway || (state.pending[peer] < limits.maxPendingPerAddress
                  && state.transport[peer] < limits.maxPerAddress + limits.maxPendingPerAddress)
            else { return .tooManyFromAddress }
            state.transport.add(peer)
            state.pending.add(peer)
            return nil
        }
    }

    func transportUpgraded(peer: String) {
        state.withLock { $0.pending.remove(peer) }
    }

    func releaseTransport(peer: String, pending: Bool) {
        state.withLock { state in
            state.transport.remove(peer)
            if pending { state.pending.remove(peer) }
        }
    }

    // MARK: Sessions

    /// Admits a WebSocket session (remember to `release` it) or says why not.
    func admit(peer: String, origin: String?, nowMicros: UInt64) -> Refusal? {
        if let origin, !limits.allowedOrigins.isEmpty, !limits.allowedOrigins.contains(origin) {
            return .originNotAllowed
        }
        return state.withLock { state in
            let gateway = limits.gatewayAddresses.contains(peer)
            if !gateway, !state.failures.allows(peer, now: nowMicros) { return .tooManyFailedJoins }
            guard state.sessions.total < limits.maxConnections else { return .serverFull }
            guard gateway || state.sessions[peer] < limits.maxPerAddress else { return .tooManyFromAddress }
            state.sessions.add(peer)
            return nil
        }
    }

    func release(peer: String) {
        state.withLock { $0.sessions.remove(peer) }
    }

    /// Notes a join that named no match or a wrong seat token.
    func failedJoin(peer: String, nowMicros: UInt64) {
        guard !limits.gatewayAddresses.contains(peer) else { return }
        state.withLock { $0.failures.note(peer, now: nowMicros) }
    }

    /// Notes a join for a code this node lacks that the cluster directory could not look up
    /// (`FailedJoinLedger.noteUnchecked`).
    func uncheckedJoin(peer: String, nowMicros: UInt64) {
        guard !limits.gatewayAddresses.contains(peer) else { return }
        state.withLock { $0.failures.noteUnchecked(peer, now: nowMicros) }
    }

    var openConnections: Int { state.withLock { $0.sessions.total } }

    /// Sizes of every table, for tests and the memory benchmark: all zero when nothing is open
    /// and no failure is less than a minute old.
    var tableSizes: (sessions: Int, transport: Int, pending: Int, failures: Int) {
        state.withLock { ($0.sessions.addresses, $0.transport.addresses, $0.pending.addresses, $0.failures.addresses) }
    }
}

extension ConnectionGuard.Limits {
    init(_ settings: ServerConfiguration) {
        self.init(maxConnections: settings.maxConnections, maxPerAddress: settings.maxConnectionsPerAddress,
                  allowedOrigins: settings.allowedOrigins, maxFailedJoinsPerMinute: settings.maxFailedJoinsPerMinute,
                  maxPending: settings.maxPendingConnections, maxPendingPerAddress: settings.maxPendingPerAddress,
                  maxFailedJoinsPerMinuteGlobal: settings.maxFailedJoinsPerMinuteGlobal,
                  gatewayAddresses: settings.gatewayAddresses)
    }
}
