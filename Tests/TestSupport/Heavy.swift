import Testing

/// How many heavy tests (real processes, real-time load: a browser, OpenSSH in tmux, the
/// binary's bots, a python client) run at once in this process. All suites start together, and
/// on a two-core machine a dozen of them at once starve the in-process servers of the rest
/// (a localhost connection not opened in 10 s). Heavy tests wait for one of these slots.
public actor HeavySlots {
    public static let shared = HeavySlots(width: 2)
    /// For tests that compute for a second or more without awaiting (`.cpuBound`): one at a
    /// time. Each holds one of the cooperative pool's threads (two on two cores) while it
    /// runs; two at once left nothing for the in-process servers and clients of the others,
    /// whose link watchdogs then woke after their 10 s to connect had passed (CI: "connecting
    /// to ws://127.0.0.1:…/ws timed out" in a dozen suites).
    public static let cpu = HeavySlots(width: 1)

    let width: Int
    var running = 0
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { self.width = width }

    func enter() async {
        if running < width {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()  // the slot passes straight on
        }
    }
}

/// `@Suite(.heavy)`: each of the suite's tests runs in one of the `HeavySlots`. A `.timeLimit`
/// on such a test counts the wait for its slot too, so give it room.
public struct HeavyTrait: SuiteTrait, TestTrait, TestScoping {
    let slots: HeavySlots
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        // The suite itself takes no slot; its tests do, one each.
        guard testCase != nil else { return try await function() }
        await slots.enter()
        do {
            try await function()
        } catch {
            await slots.leave()
            throw error
        }
        await slots.leave()
    }
}

extension Trait where Self == HeavyTrait {
    /// Runs each test in one of a few process-wide slots for heavy tests (`HeavySlots`).
    public static var heavy: Self { HeavyTrait(slots: .shared) }

    /// Runs each test in the one process-wide slot for tests that keep a thread busy computing
    /// (`HeavySlots.cpu`).
    public static var cpuBound: Self { HeavyTrait(slots: .cpu) }
}
