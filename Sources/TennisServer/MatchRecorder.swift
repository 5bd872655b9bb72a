import Logging
import Synchronization
import TennisRecords

/// Writes match records to the archive, each on a task of its own, and lets the lobby wait for
/// the writes in flight before it stops.
///
/// A write never runs on the tick thread, and never in a task that shutdown has cancelled: the
/// lobby cancels its matches to stop them, and the stores check for cancellation (GRDB and
/// PostgresNIO throw `CancellationError`), so a match's last record written from its own task
/// would be lost. An unstructured task is not cancelled with its creator.
final class MatchRecorder: Sendable {
    private let archive: any MatchArchive
    private let state = Mutex(State())

    private struct State {
        var writes = 0
        var nextWaiter: UInt64 = 0
        /// Waiting for `writes` to reach 0.
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits cancelled before they were registered.
        var cancelled: Set<UInt64> = []
    }

    init(archive: any MatchArchive) {
        self.archive = archive
    }

    /// Starts writing `record`; `logger` (the match's) says how it went.
    func record(_ record: MatchRecord, logger: Logger) {
        state.withLock { $0.writes += 1 }
        Task(executorPreference: globalConcurrentExecutor) {
            do {
                try await self.archive.store(record)
                logger.info("match recorded", metadata: ["ending": "\(record.ending.rawValue)"])
            } catch {
                logger.error("could not record the match",
                             metadata: ["ending": "\(record.ending.rawValue)", "error": "\(error)"])
            }
            self.finished()
        }
    }

    private func finished() {
        let idle = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.writes -= 1
            guard state.writes == 0 else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in idle { waiter.resume() }
    }

    /// Writes started and not yet done.
    var inFlight: Int { state.withLock { $0.writes } }

    /// Waits until no write is in flight, for at most `limit` (less if the caller is cancelled);
    /// false if some were still going then.
    func finish(within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.idle(); return true }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let done = await group.next() ?? false
            group.cancelAll()
            return done && inFlight == 0
        }
    }

    /// Returns once no write is in flight, or the task is cancelled.
    private func idle() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.writes == 0 || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = waiter
                    return false
                }
                if now { waiter.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.waiters.removeValue(forKey: id)
                if waiter == nil { state.cancelled.insert(id) }
                return waiter
            }
            waiter?.resume()
        }
        // A cancellation that came after the wait was over left its mark; no handler runs from now on.
        state.withLock { _ = $0.cancelled.remove(id) }
    }
}
