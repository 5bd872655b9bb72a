import Logging
import Synchronization
import TennisProtocol
import TennisRecords

/// This node's calls to the cluster directory: each one under `--directory-timeout`, and none
/// that wants an answer now while the directory is known to be down (`DirectoryHealth`), so a
/// join, a listing or a new match is answered from this node's own state at once. The heartbeat
/// is the probe that finds it back. An outage logs one line when it starts and one when it ends.
final class DirectoryLink: Sendable {
    let directory: any MatchDirectory
    let timeoutSeconds: Double
    private let health: Mutex<DirectoryHealth>
    private let logger: Logger
    private let now: @Sendable () -> UInt64

    /// The directory is known to be down: the call was not made.
    struct KnownDown: Error, CustomStringConvertible {
        var description: String { "the directory is known to be down" }
    }

    /// - Parameter probeEverySeconds: while down, the least time between two probes.
    /// - Parameter now: microseconds on a monotonic clock.
    init(_ directory: any MatchDirectory, timeoutSeconds: Double, logger: Logger, probeEverySeconds: Double = 1,
         now: @escaping @Sendable () -> UInt64 = MonotonicClock.micros) {
        self.directory = directory
        self.timeoutSeconds = timeoutSeconds
        self.logger = logger
        self.now = now
        health = Mutex(DirectoryHealth(probeEveryMicros: UInt64(probeEverySeconds * 1_000_000)))
    }

    var isDown: Bool { health.withLock { $0.isDown } }

    /// A call that wants an answer now: throws `KnownDown` at once, without calling, while the
    /// directory is down; otherwise what the call threw (`DeadlineExceeded` past the timeout).
    func ask<T: Sendable>(_ what: String, _ operation: @escaping @Sendable (any MatchDirectory) async throws -> T)
        async throws -> T
    {
        guard health.withLock({ $0.request() }) == .ask else { throw KnownDown() }
        return try await call(what, operation)
    }

    /// The heartbeat: made while the directory is up, and as the probe (at most one a
    /// `probeEverySeconds`) while it is down.
    func probe<T: Sendable>(_ what: String, _ operation: @escaping @Sendable (any MatchDirectory) async throws -> T)
        async throws -> T
    {
        let time = now()
        guard health.withLock({ $0.probe(now: time) }) == .ask else { throw KnownDown() }
        return try await call(what, operation)
    }

    private func call<T: Sendable>(_ what: String,
                                   _ operation: @escaping @Sendable (any MatchDirectory) async throws -> T)
        async throws -> T
    {
        let directory = directory
        let result: T
        do {
            result = try await withDeadline(seconds: timeoutSeconds, "the directory") { try await operation(directory) }
        } catch is CancellationError {
            // The caller went away (a shutdown, a closed connection): that says nothing of the directory.
            throw CancellationError()
        } catch {
            let time = now()
            if health.withLock({ $0.failed(now: time) }) == .wentDown {
                logger.warning("the cluster directory is unreachable; answering from this node alone until it is back",
                               metadata: ["call": "\(what)", "error": "\(String(reflecting: error))"])
            }
            throw error
        }
        let time = now()
        if case .cameBack(let micros)? = health.withLock({ $0.succeeded(now: time) }) {
            logger.notice("the cluster directory is back", metadata: [
                "call": "\(what)", "down_seconds": "\(Double(micros / 1000) / 1000)",
            ])
        }
        return result
    }
}
