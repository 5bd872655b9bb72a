import NIOCore
import Synchronization
import TennisClient

@testable import TennisServer

/// A tick source a test steps by hand: `step(n)` advances every match of the server `n` ticks
/// and waits until each tick's messages are handed to the event loops. No clock: a test that
/// needs "two seconds of play" steps 120 ticks, as fast as the machine goes.
final class ManualTicks: TickSource {
    private struct Entry {
        let host: MatchHost
        let done: CheckedContinuation<Void, Never>
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let waiters = Mutex<[(count: Int, waiter: CheckedContinuation<Void, Never>)]>([])

    func drive(_ host: MatchHost) async {
        let id = ObjectIdentifier(host)
        await withTaskCancellationHandler {
            await withCheckedContinuation { done in
                let count = entries.withLock { entries in
                    entries[id] = Entry(host: host, done: done)
                    return entries.count
                }
                let ready = waiters.withLock { waiters in
                    let ready = waiters.filter { $0.count <= count }.map(\.waiter)
                    waiters.removeAll { $0.count <= count }
                    return ready
                }
                for waiter in ready { waiter.resume() }
            }
        } onCancel: {
            entries.withLock { $0.removeValue(forKey: id) }?.done.resume()
        }
    }

    /// The matches being driven.
    var count: Int { entries.withLock { $0.count } }

    /// Steps every match `ticks` times; the fan-out of each tick runs before the next one.
    func step(_ ticks: Int = 1) async {
        for _ in 0..<ticks {
            let hosts = entries.withLock { Array($0) }
            var runs = FanoutRuns()
            var retired: [ObjectIdentifier] = []
            for (id, entry) in hosts where !entry.host.advance(steps: 1, runs: &runs) { retired.append(id) }
            runs.start()
            for (_, entry) in hosts {
                for loop in entry.host.eventLoops { try? await loop.submit {}.get() }
            }
            for id in retired { entries.withLock { $0.removeValue(forKey: id) }?.done.resume() }
        }
    }

    /// Steps one tick at a time until `done` holds (true) or `atMost` ticks went by (false).
    func step(atMost: Int, until done: () -> Bool) async -> Bool {
        for _ in 0..<atMost {
            if done() { return true }
            await step()
        }
        return done()
    }

    /// Waits until `count` matches are being driven (a created match starts on the lobby's task).
    func waitForMatches(_ count: Int = 1) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = entries.withLock { $0.count }
            if now >= count { return waiter.resume() }
            waiters.withLock { $0.append((count, waiter)) }
        }
    }
}

extension MatchHost {
    /// Points decided so far (the room's own count, not what a client has received yet).
    var pointsPlayed: Int { state.withLock { $0.room.tally.pointsWon.reduce(0, +) } }
}

/// Waits until `runner`'s session satisfies `condition`, woken by its events: true once it does,
/// false when the session ended first or after `seconds` (a bound, so that a test that goes
/// wrong fails instead of holding the run).
@MainActor
func until(_ runner: MatchSessionRunner, seconds: Double = 30, _ condition: @escaping (MatchSession) -> Bool) async
    -> Bool
{
    if condition(runner.session) { return true }
    if runner.session.closed { return false }
    let previous = runner.onEvent
    final class Wait {
        var continuation: CheckedContinuation<Bool, Never>?
        var timer: Task<Void, Never>?
    }
    let wait = Wait()
    func finish(_ result: Bool) {
        guard let continuation = wait.continuation else { return }
        wait.continuation = nil
        wait.timer?.cancel()
        runner.onEvent = previous
        continuation.resume(returning: result)
    }
    return await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
        wait.continuation = waiter
        runner.onEvent = { event in
            previous?(event)
            if condition(runner.session) { finish(true) } else if runner.session.closed { finish(false) }
        }
        wait.timer = Task { @MainActor in
            try? await Task.sleep(for: .seconds(seconds))
            if !Task.isCancelled { finish(false) }
        }
    }
}
