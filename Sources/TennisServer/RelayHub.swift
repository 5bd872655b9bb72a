import Logging
import ServiceLifecycle
import Synchronization
import TennisProtocol

/// This node's relays: one per match of another node that has spectators here, each with one
/// upstream subscription (`RelayUpstream`) however many spectators it serves. The first spectator
/// opens it; the last one to leave closes it. As a service it closes every relay, and tells its
/// spectators why, when the node shuts down.
final class RelayHub: Service, Sendable {
    private let upstream: any RelayUpstream
    private let logger: Logger
    private let settings: ServerConfiguration
    private let relays = Mutex<[String: Relay]>([:])

    private struct Relay {
        let host: RelayHost
        let owner: String
        let task: Task<Void, Never>
    }

    init(upstream: any RelayUpstream, logger: Logger, settings: ServerConfiguration) {
        self.upstream = upstream
        self.logger = logger
        self.settings = settings
    }

    /// Waits for the node's shutdown, then closes every relay: its spectators hear 4503.
    func run() async throws {
        try? await gracefulShutdown()
        let open = relays.withLock { relays in
            defer { relays.removeAll() }
            return Array(relays.values)
        }
        for relay in open {
            relay.task.cancel()
            relay.host.receive(.closed(code: WireProtocol.CloseCode.serverShutdown, reason: settings.shutdownReason))
        }
    }

    /// Relays open now.
    var count: Int { relays.withLock { $0.count } }

    /// Where the open relay of `code` subscribes, if there is one.
    func source(of code: String) -> String? {
        relays.withLock { $0[code]?.owner }
    }

    /// Adds a spectator to the relay of `code`, opening it (subscribed to `owner`) if there is none.
    func join(code: String, owner: String, connection: ConnectionID, outlet: any ConnectionOutlet) -> RelayHost {
        relays.withLock { relays in
            if let relay = relays[code], relay.host.join(connection, outlet: outlet) { return relay.host }
            let host = RelayHost(code: code)
            _ = host.join(connection, outlet: outlet)
            let messages = upstream.subscribe(url: owner, hello: .init(role: .spectator, code: code, name: "relay"))
            logger.info("relaying a match", metadata: ["match": "\(code)", "owner": "\(owner)"])
            let task = Task { [weak self] in
                for await message in messages { host.receive(message) }
                self?.ended(code, host)
            }
            relays[code] = Relay(host: host, owner: owner, task: task)
            return host
        }
    }

    /// Removes a spectator; the relay's upstream goes with its last one.
    func leave(code: String, host: RelayHost, connection: ConnectionID) {
        guard host.leave(connection) else { return }
        relays.withLock { relays in
            // Someone may have joined since: only an empty relay is closed.
            guard let relay = relays[code], relay.host === host, host.spectators == 0 else { return }
            relay.task.cancel()
            relays[code] = nil
            logger.info("no more spectators to relay", metadata: ["match": "\(code)"])
        }
    }

    private func ended(_ code: String, _ host: RelayHost) {
        relays.withLock { relays in
            if relays[code]?.host === host { relays[code] = nil }
        }
    }
}
