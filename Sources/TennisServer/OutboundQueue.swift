import NIOCore
import Synchronization
import TennisProtocol

/// One connection's send queue, filled by the tick task without ever waiting, drained by the
/// connection's own task in batches.
///
/// Control messages (welcome, roster, events, errors, close) keep their order and are never
/// dropped; a connection that lets `controlLimit` of them pile up is too slow and is closed.
/// Snapshots are latest-wins: a newer keyframe replaces every unsent snapshot, a newer lean
/// snapshot replaces an unsent lean one but never an unsent keyframe (lean snapshots build on it).
/// So at most two snapshots wait, and a slow reader loses old ticks, not everyone's time.
final class OutboundQueue: Sendable {
    private let state: Mutex<State>
    private let controlLimit: Int

    private struct State {
        var items: [Outbound] = []
        var controls = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }

    init(controlLimit: Int = 256) {
        self.controlLimit = controlLimit
        var state = State()
        state.items.reserveCapacity(8)
        self.state = Mutex(state)
    }

    /// Queues a message; never blocks beyond a short lock. True when an older snapshot still
    /// waiting was dropped for it (a slow reader).
    @discardableResult
    func push(_ message: Outbound) -> Bool {
        var dropped = false
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard !state.finished else { return nil }
            switch message {
            case .snapshot(_, let isKeyframe):
                let before = state.items.count
                if isKeyframe {
                    state.items.removeAll { $0.isSnapshot }
                } else if let index = state.items.lastIndex(where: { $0.isLeanSnapshot }) {
                    state.items.remove(at: index)
                }
                dropped = state.items.count < before
                state.items.append(message)
            case .text:
                state.controls += 1
                state.items.append(message)
                if state.controls > controlLimit {
                    state.items.removeAll(keepingCapacity: true)
                    state.items.append(.close(code: WireProtocol.CloseCode.tooSlow, reason: "too_slow"))
                    state.finished = true
                }
            case .close:
                state.items.append(message)
                state.finished = true
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
        return dropped
    }

    /// Ends the queue: what is queued is still delivered, then `next` returns false.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits for messages and swaps them into `batch` (emptied first, its storage reused), in
    /// order; false once the queue is finished and drained. Cancellation finishes the queue.
    func next(into batch: inout [Outbound]) async -> Bool {
        batch.removeAll(keepingCapacity: true)
        while true {
            let ready: Bool? = state.withLock { state in
                if !state.items.isEmpty {
                    swap(&state.items, &batch)
                    state.controls = 0
                    return true
                }
                return state.finished ? false : nil
            }
            if let ready { return ready }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { state in
                        if !state.items.isEmpty || state.finished { return true }
                        state.waiter = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            } onCancel: {
                finish()
            }
        }
    }
}

extension Outbound {
    var isSnapshot: Bool {
        if case .snapshot = self { return true }
        return false
    }

    var isLeanSnapshot: Bool {
        if case .snapshot(_, false) = self { return true }
        return false
    }
}
