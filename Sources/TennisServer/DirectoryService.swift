import Logging
import ServiceLifecycle
import TennisRecords

/// Reports this node and its matches to the cluster directory every second, and takes them
/// out of it when the node shuts down (gracefully, or cancelled: then it still tries, briefly).
/// While the directory is down each heartbeat is the probe that finds it back (`DirectoryLink`).
struct DirectoryService: Service {
    let link: DirectoryLink
    let lobby: Lobby
    let logger: Logger
    /// This node's relays of other nodes' matches (none: it relays nothing).
    var relays: RelayHub? = nil
    var interval: Duration = .seconds(1)

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let load = lobby.openSessions.load(ordering: .relaxed), (matches, through) = lobby.directoryEntries()
            do {
                try await link.probe("heartbeat") { try await $0.heartbeat(load: load, matches: matches, through: through) }
                // The audiences relays serve, both ways: ours of other nodes' matches out, and
                // other nodes' of ours in, for the counts our rosters and listings show.
                let relayed = relays?.reports ?? [:]
                lobby.setRelayedAudience(try await link.ask("relays") { try await $0.relays(relayed) })
            } catch is CancellationError {
                break
            } catch {
                // The link logged the outage when it began; a probe that fails during it says nothing new.
                logger.debug("the directory did not take the heartbeat", metadata: ["error": "\(error)"])
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
    /// apart from the cancelled task, for at most the directory timeout (else the other nodes drop
    /// the node when its heartbeat goes stale). A directory known to be down is not asked.
    private func leave() async {
        let cancelled = Task.isCancelled
        guard !link.isDown else {
            logger.notice("leaving while the directory is down; the other nodes drop this one when its heartbeat goes stale")
            return
        }
        do {
            try await withDeadline(seconds: link.timeoutSeconds, "the directory", cancellable: false) { [link] in
                try await link.directory.leave()
            }
        } catch {
            logger.warning("could not leave the directory; the other nodes drop this one when its heartbeat goes stale",
                           metadata: ["error": "\(error)", "cancelled": "\(cancelled)"])
        }
    }
}
