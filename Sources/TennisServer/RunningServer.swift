import Hummingbird
import Logging

/// A server running inside this process on its own task: for `host`, `practice`, `netbench`
/// and tests. (`tennis serve` runs the application itself, to own the signals.)
public struct RunningServer: Sendable {
    public let lobby: Lobby
    public let port: Int
    private let task: Task<Void, any Error>

    /// Starts the server and returns once it listens; throws the server's error if it cannot bind.
    /// - Parameter store: where finished matches are kept and the history routes read (none: not kept).
    public static func start(
        _ settings: ServerConfiguration, logger: Logger, store: (any MatchArchive & MatchHistory)? = nil,
        directory: (any MatchDirectory)? = nil
    ) async throws -> RunningServer {
        let lobby = Lobby(settings: settings, logger: logger, archive: store)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(settings, lobby: lobby, logger: logger, history: store, directory: directory) { port in
            portSink.yield(port)
        }
        let task = Task {
            defer { portSink.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        for await port in ports {
            return RunningServer(lobby: lobby, port: port, task: task)
        }
        try await task.value
        throw StartError(description: "the server on \(settings.host):\(settings.port) stopped at once")
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Stops the server without waiting.
    public func stop() {
        task.cancel()
    }

    /// Stops the server and waits for it to end.
    public func stopAndWait() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Waits for the server to end.
    public func wait() async throws {
        try await task.value
    }
}
