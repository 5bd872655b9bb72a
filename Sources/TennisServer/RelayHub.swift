import Logging
import ServiceLifecycle
import TennisIdentity
import Synchronization
import TennisProtocol
import TennisRecords

/// This node's relays: one per match of another node that has spectators here, each with one
/// upstream subscription (`RelayUpstream`) however many spectators it serves. The first spectator
/// opens it; the last one to leave closes it. As a service it closes every relay, and tells its
/// spectators why, when the node shuts down.
///
/// An upstream that ends without a final word (the link dropped, the owner restarting) is
/// subscribed again, to wherever the directory now says the match lives, after a short wait
/// (`retryDelays`); the spectators stay connected meanwhile and carry on from the new
/// subscription's keyframe. A final close (the match over) reaches them as it came; a match the
/// directory no longer has, `not_found`; no answer after the last try, the upstream's last
/// close (4503 `the match's node cannot be reached` when the link just dropped).
final class RelayHub: Service, Sendable {
    private let upstream: any RelayUpstream
    private let logger: Logger
    private let settings: ServerConfiguration
    /// Where a match lives now (the directory's answer), for a subscription made again.
    private let locate: @Sendable (String) async -> Whereabouts
    /// Seconds to wait before each new subscription after an upstream ended (one try each).
    private let retryDelays: [Double]
    /// Proves to the upstream that this is a node of the cluster (the hello's `relay_proof`).
    private let voucher: GatewayVoucher
    private let relays = Mutex<[String: Relay]>([:])

    private struct Relay {
        let host: RelayHost
        var owner: String
        let task: Task<Void, Never>
        /// What goes up the current subscription (relayed spectators' chat lines).
        var outbox: AsyncStream<String>.Continuation?
    }

    /// Lines one relay holds for its upstream while that is slow or between subscriptions.
    static let outboxDepth = 64

    static let defaultRetryDelays = [0.25, 0.5, 1, 2, 4]

    /// What the directory says of a relayed match whose upstream ended.
    enum Whereabouts: Sendable, Equatable {
        /// Served by this node.
        case at(String)
        /// No live node has it: over, or its node is gone.
        case gone
        /// The directory could not say (down): try the last source again.
        case unknown
    }

    init(upstream: any RelayUpstream, logger: Logger, settings: ServerConfiguration,
         voucher: GatewayVoucher = GatewayVoucher(), retryDelays: [Double] = RelayHub.defaultRetryDelays,
         locate: @escaping @Sendable (String) async -> Whereabouts = { _ in .unknown }) {
        self.upstream = upstream
        self.voucher = voucher
        self.logger = logger
        self.settings = settings
        self.retryDelays = retryDelays
        self.locate = locate
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

    /// Each relayed match's spectators here and where it subscribes (what the directory is told).
    var reports: [String: RelayReport] {
        relays.withLock { $0.mapValues { RelayReport(spectators: $0.host.audience, upstream: $0.owner) } }
    }

    /// Where the open relay of `code` subscribes, if there is one.
    func source(of code: String) -> String? {
        relays.withLock { $0[code]?.owner }
    }

    /// Adds a spectator wanting `rate` snapshots a second to the relay of `code`, opening it
    /// (subscribed to `owner`) if there is none. `relay`: the spectator is another node's relay,
    /// chained below this one.
    func join(code: String, owner: String, connection: ConnectionID, outlet: any ConnectionOutlet, rate: Int? = nil,
              relay: Bool = false) -> RelayHost {
        relays.withLock { relays in
            if let open = relays[code], open.host.join(connection, outlet: outlet, rate: rate, relay: relay) {
                return open.host
            }
            let host = RelayHost(code: code, batching: settings.spectatorBatching)
            _ = host.join(connection, outlet: outlet, rate: rate, relay: relay)
            logger.info("relaying a match", metadata: ["match": "\(code)", "owner": "\(owner)"])
            let task = Task { [weak self] in
                await self?.follow(code, host: host, from: owner)
                self?.ended(code, host)
            }
            relays[code] = Relay(host: host, owner: owner, task: task)
            return host
        }
    }

    /// Passes a chat line of a spectator here (or of a relay chained below) up to the match's
    /// owner, which sends it to everyone in the match, back down through this relay too. Lines
    /// past `outboxDepth` waiting for a slow upstream are dropped, the oldest first.
    func say(code: String, from name: String, text: String) {
        let line = ClientMessage.relayedChat(from: name, text: text).encode()
        _ = relays.withLock { $0[code]?.outbox }?.yield(line)
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

    /// Passes the upstream's messages on, subscribing again after an upstream that ended without a
    /// final word; the last close reaches the spectators once there is nothing more to follow.
    private func follow(_ code: String, host: RelayHost, from owner: String) async {
        var source = owner
        var retries = retryDelays[...]
        while true {
            var close = UpstreamMessage.closed(code: nil, reason: nil)
            let (lines, outbox) = AsyncStream.makeStream(of: String.self,
                                                          bufferingPolicy: .bufferingNewest(Self.outboxDepth))
            relays.withLock { $0[code]?.outbox = outbox }
            let hello = ClientMessage.Hello(role: .spectator, code: code, name: "relay", relay: true,
                                            relayProof: voucher.relayProof(code: code))
            for await message in upstream.subscribe(url: source, hello: hello, sending: lines) {
                if case .closed = message { close = message } else { host.receive(message) }
            }
            outbox.finish()
            guard !Task.isCancelled, case .closed(let closeCode, let reason) = close,
                  !WireProtocol.CloseReason.isFinal(code: closeCode, reason: reason), let delay = retries.popFirst()
            else { return host.receive(close) }
            logger.notice("a relay's upstream ended; subscribing again",
                          metadata: ["match": "\(code)", "code": "\(closeCode.map(String.init) ?? "-")"])
            try? await Task.sleep(for: .seconds(delay))
            if Task.isCancelled { return }
            switch await locate(code) {
            case .at(let found):
                source = found
                relays.withLock { $0[code]?.owner = found }
            case .gone: return host.gone()
            case .unknown: continue  // the same source again: it may be back
            }
        }
    }

    private func ended(_ code: String, _ host: RelayHost) {
        relays.withLock { relays in
            if relays[code]?.host === host { relays[code] = nil }
        }
    }
}

extension RelayHub {
    /// A node's relays, finding a match again through the node's directory link.
    convenience init(link: DirectoryLink, upstream: any RelayUpstream, logger: Logger, settings: ServerConfiguration,
                     voucher: GatewayVoucher) {
        self.init(upstream: upstream, logger: logger, settings: settings, voucher: voucher) { code in
            do {
                guard let owner = try await link.ask("find a relayed match again", { try await $0.owner(of: code) })
                else { return .gone }
                return .at(owner)
            } catch {
                return .unknown
            }
        }
    }
}
