import Synchronization

/// Counts ssh connections in total and per address (pure bookkeeping behind a lock): the ssh
/// side's own limits, on the real peer address, since the sessions' game links all come from
/// the loopback address.
final class SSHAdmission: Sendable {
    enum Refusal: Equatable {
        case serverFull
        case tooManyFromAddress

        /// Sent as a line before the connection closes (before the SSH version exchange,
        /// where RFC 4253 allows other lines).
        var message: String {
            switch self {
            case .serverFull: "tennis: the server has as many ssh sessions as it takes; try again later"
            case .tooManyFromAddress: "tennis: too many ssh sessions from your address"
            }
        }
    }

    private struct State {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    let maxTotal: Int
    let maxPerAddress: Int
    private let state = Mutex(State())

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Counts a connection from `address` (call `release` when it closes) or says why not.
    func admit(_ address: String) -> Refusal? {
        state.withLock { state in
            guard state.total < maxTotal else { return .serverFull }
            guard state.perAddress[address, default: 0] < maxPerAddress else { return .tooManyFromAddress }
            state.total += 1
            state.perAddress[address, default: 0] += 1
            return nil
        }
    }

    func release(_ address: String) {
        state.withLock { state in
            state.total -= 1
            let left = state.perAddress[address, default: 1] - 1
            state.perAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections counted now, and how many addresses hold them.
    var counts: (total: Int, addresses: Int) { state.withLock { ($0.total, $0.perAddress.count) } }
}
