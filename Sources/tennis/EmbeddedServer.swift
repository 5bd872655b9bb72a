import Hummingbird
import Logging
import TennisServer
import TennisStore

/// A server running inside this process (for `host`, `practice` and `serve`).
struct EmbeddedServer {
    let lobby: Lobby
    let port: Int
    private let task: Task<Void, any Error>

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the server and returns once it listens (or throws if it cannot bind).
    /// - Parameter store: where finished matches are kept and the history routes read (none: not kept).
    static func start(_ settings: ServerConfiguration, logger: Logger, store: MatchStore? = nil) async throws
        -> EmbeddedServer
    {
        let lobby = Lobby(settings: settings, logger: logger, archive: store)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(settings, lobby: lobby, logger: logger, history: store) { port in
            portSink.yield(port)
        }
        let task = Task {
            defer { portSink.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        for await port in ports {
            return EmbeddedServer(lobby: lobby, port: port, task: task)
        }
        do {
            try await task.value
        } catch {
            throw StartError(description: ServeCommand.explain(error, host: settings.host, port: settings.port))
        }
        throw StartError(description: "the server on \(settings.host):\(settings.port) stopped at once")
    }

    func stop() {
        task.cancel()
    }

    /// Waits for the server to end (signals end it).
    func wait() async throws {
        try await task.value
    }
}
