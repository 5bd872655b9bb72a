import Dispatch

/// Runs blocking work (waiting for a process, reading a pipe) on a GCD thread, so it never
/// holds one of the few threads of Swift's cooperative pool that the servers under test need.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
