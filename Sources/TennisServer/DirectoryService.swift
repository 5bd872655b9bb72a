import Logging
import ServiceLifecycle
import TennisRecords

/// Reports this node and its matches to the cluster directory every second, and takes them
/// out of it when the node shuts down (gracefully, or cancelled: then it still tries, briefly).
struct DirectoryService: Service {
    let directory: any MatchDirectory
    let lobby: Lobby
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// How long one heartbeat may take before it is given up on (a PostgreSQL that hangs
    /// must not hold up the next one, or the node's shutdown).
    var timeoutSeconds: Double = 3

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let load = lobby.openSessions.load(ordering: .relaxed), matches = lobby.directoryEntries()
            do {
                try await withDeadline(seconds: timeoutSeconds, "the directory") { [directory] in
                    try await directory.heartbeat(load: load, matches: matches)
                }
            } catch is CancellationError {
                break
            } catch {
                logger.warning("the directory did not take the heartbeat", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
        await leave()
    }

    /// Takes this node's rows out of the directory. A cancelled node still tries: the call runs
    /// apart from the cancelled task, for at most `timeoutSeconds` (else the other nodes drop
    /// the node when its heartbeat goes stale).
    private func leave() async {
        let cancelled = Task.isCancelled
        do {
            try await withDeadline(seconds: timeoutSeconds, "the directory", cancellable: false) { [directory] in
                try await directory.leave()
            }
        } catch {
            logger.warning("could not leave the directory; the other nodes drop this one when its heartbeat goes stale",
                           metadata: ["error": "\(error)", "cancelled": "\(cancelled)"])
        }
    }
}
