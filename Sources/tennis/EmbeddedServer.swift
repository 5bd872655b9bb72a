import Logging
import TennisRecords
import TennisServer
import TennisStore

/// A server running inside this process (for `host`, `practice` and `netbench`).
struct EmbeddedServer {
    let server: RunningServer
    var lobby: Lobby { server.lobby }
    var port: Int { server.port }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the server and returns once it listens (or throws, in a sentence, if it cannot bind).
    /// - Parameter store: where finished matches are kept and the history routes read (none: not kept).
    /// - Parameter claims: where names are claimed (nil: in `store`, else in memory).
    static func start(_ settings: ServerConfiguration, logger: Logger, store: MatchStore? = nil,
                      claims: (any NameClaims)? = nil) async throws
        -> EmbeddedServer
    {
        do {
            return EmbeddedServer(server: try await RunningServer.start(settings, logger: logger, store: store,
                                                                        claims: claims))
        } catch let error as RunningServer.StartError {
            throw StartError(description: error.description)
        } catch {
            throw StartError(description: ServeCommand.explain(error, host: settings.host, port: settings.port))
        }
    }

    func stop() {
        server.stop()
    }

    /// Stops gracefully and returns once it has: everyone in its matches has heard why (close
    /// 4503 with the server's reason) and unfinished matches are recorded.
    func stopAndWait() async {
        await server.stopAndWait()
    }

    /// Waits for the server to end (signals end it).
    func wait() async throws {
        try await server.wait()
    }
}
