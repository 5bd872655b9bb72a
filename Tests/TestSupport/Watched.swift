import Synchronization

/// A value a test waits on: whoever changes it through `update` wakes the waiters whose
/// condition now holds, so a test awaits the event it expects instead of polling for it.
public final class Watched<Value: Sendable>: Sendable {
    private struct Waiter {
        let condition: @Sendable (Value) -> Bool
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var value: Value
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
        var finished = false
    }

    private let state: Mutex<State>

    public init(_ value: Value) { state = Mutex(State(value: value)) }

    public func read<T>(_ body: (Value) -> T) -> T { state.withLock { body($0.value) } }

    /// Changes the value and wakes every waiter whose condition holds now.
    public func update(_ body: (inout Value) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            body(&state.value)
            let met = state.waiters.filter { $0.value.condition(state.value) }
            for id in met.keys { state.waiters.removeValue(forKey: id) }
            return met.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// Nothing will change any more: every waiter gets its condition's answer now.
    public func finish() {
        let waiting = state.withLock { state in
            state.finished = true
            defer { state.waiters = [:] }
            return state.waiters.values.map { ($0.continuation, $0.condition(state.value)) }
        }
        for (continuation, holds) in waiting { continuation.resume(returning: holds) }
    }

    /// Waits until `condition` holds: true as soon as an update makes it hold, false if the value
    /// is finished first or `seconds` pass (a safety net for a broken server, never the
    /// expected path).
    public func until(seconds: Double = 30, _ condition: @escaping @Sendable (Value) -> Bool) async -> Bool {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timeout = Task { [weak self] in
            try? await Task.sleep(for: .seconds(seconds))
            self?.expire(id)
        }
        defer { timeout.cancel() }
        return await withCheckedContinuation { continuation in
            let now: Bool? = state.withLock { state in
                if condition(state.value) { return true }
                if state.finished { return false }
                state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state in
            state.waiters.removeValue(forKey: id).map { ($0.continuation, $0.condition(state.value)) }
        }
        if let (continuation, holds) = waiter { continuation.resume(returning: holds) }
    }
}
