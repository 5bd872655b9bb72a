import Hummingbird
import Logging
import ServiceLifecycle
import TennisProtocol
import TennisRecords

/// A server running inside this process on its own task: for `host`, `practice`, `netbench`
/// and tests. (`tennis serve` runs the application itself, to own the signals.)
public struct RunningServer: Sendable {
    public let lobby: Lobby
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts the server and returns once it listens; throws the server's error if it cannot bind.
    /// - Parameter store: where finished matches are kept and the history routes read (none: not kept).
    /// - Parameter claims: where names are claimed (nil: the store if it keeps claims, else memory).
    public static func start(
        _ settings: ServerConfiguration, logger: Logger, store: (any MatchArchive & MatchHistory)? = nil,
        directory: (any MatchDirectory)? = nil, relay: (any RelayUpstream)? = nil, claims: (any NameClaims)? = nil
    ) async throws -> RunningServer {
        let lobby = Lobby(settings: settings, logger: logger, archive: store, claims: claims)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        // The same service group as `tennis serve`: on stop, the lobby tells every client 4503
        // before the HTTP server goes.
        let group = try makeServerGroup(settings, lobby: lobby, logger: logger, history: store, directory: directory,
                                        relay: relay, handlesSignals: false) { port in
            portSink.yield(port)
        }
        let task = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        for await port in ports {
            return RunningServer(lobby: lobby, port: port, group: group, task: task)
        }
        try await task.value
        throw StartError(description: "the server on \(settings.host):\(settings.port) stopped at once")
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// A signer for a player an in-process gateway (the ssh server) authenticated by the key with
    /// this OpenSSH fingerprint: pass it to the player's `MatchSessionRunner`.
    public func gatewaySigner(fingerprint: String) -> any HelloSigner {
        lobby.gatewaySigner(fingerprint: fingerprint)
    }

    /// Stops the server without waiting (gracefully: clients hear why).
    public func stop() {
        Task { [group] in await group.triggerGracefulShutdown() }
    }

    /// Stops the server gracefully and waits for it to end.
    public func stopAndWait() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits for the server to end.
    public func wait() async throws {
        try await task.value
    }
}
