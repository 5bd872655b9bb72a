import Synchronization

/// A call to the directory (or the shared history) that did not answer in time.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double

    public var description: String { "\(what) did not answer within \(seconds) s" }
}

/// Runs `operation` on a task of its own and waits for it at most `seconds`: a PostgreSQL that
/// hangs (rather than refusing) must not hold a join or a request forever. On time-out the
/// operation is cancelled and left to end by itself; the caller goes on at once, even if the
/// operation ignores the cancellation. With `cancellable`, cancelling the caller ends the wait
/// too (with `CancellationError`); without, the operation runs unaffected by it (a node that is
/// being cancelled still takes itself out of the directory, briefly).
func withDeadline<T: Sendable>(
    seconds: Double, _ what: String, cancellable: Bool = true,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = Race<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            guard race.start(continuation) else { return }
            let work = Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            }
            let timer = Task {
                guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                race.finish(.failure(DeadlineExceeded(what: what, seconds: seconds)))
            }
            race.track(work: work, timer: timer)
        }
    } onCancel: {
        if cancellable { race.finish(.failure(CancellationError())) }
    }
}

/// The first of the operation, the timer and a cancellation to finish resumes the waiter; the
/// others find it done. Whatever is still running then is cancelled.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        /// A result that came before the continuation was in place (a caller already cancelled).
        var early: Result<T, any Error>?
        var done = false
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Installs the waiter; false when the race is already over (it has been resumed).
    func start(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    func track(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let done = state.withLock { state in
            state.work = work
            state.timer = timer
            return state.done
        }
        if done {
            work.cancel()
            timer.cancel()
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, work, timer) = state.withLock { state in
            guard !state.done else { return (CheckedContinuation<T, any Error>?.none, Task<Void, Never>?.none,
                                             Task<Void, Never>?.none) }
            state.done = true
            if state.continuation == nil { state.early = result }
            defer { state.continuation = nil }
            return (state.continuation, state.work, state.timer)
        }
        work?.cancel()
        timer?.cancel()
        continuation?.resume(with: result)
    }
}
