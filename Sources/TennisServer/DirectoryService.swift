import Logging
import ServiceLifecycle

/// Reports this node and its matches to the cluster directory every second, and takes them
/// out of it when the node shuts down gracefully.
struct DirectoryService: Service {
    let directory: any MatchDirectory
    let lobby: Lobby
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await directory.heartbeat(load: lobby.openSessions.load(ordering: .relaxed),
                                              matches: lobby.directoryEntries())
            } catch {
                logger.warning("the directory did not take the heartbeat", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        do {
            try await directory.leave()
        } catch {
            logger.warning("could not leave the directory", metadata: ["error": "\(error)"])
        }
    }
}
