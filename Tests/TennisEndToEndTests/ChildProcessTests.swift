import Foundation
import Testing
import TestSupport

/// The tests' own waiting for child processes (`Process.exitStatus`, `runTool`): a child that
/// leaves a process behind is seen to end when it ends, which Foundation's `waitUntilExit` is not.
@Suite struct ChildProcessTests {
    @Test func aChildThatLeavesAProcessBehindIsSeenToEndAtOnce() async throws {
        let started = ContinuousClock.now
        let (status, output) = try await runTool("/bin/sh", ["-c", "sleep 30 & echo left; exit 3"],
                                                 timeout: .seconds(20))
        #expect(status == 3)
        // The output is whatever came before the exit, though the sleep still holds the pipe.
        #expect(output == "left\n")
        #expect(ContinuousClock.now - started < .seconds(20), "not waited for until the timeout")
    }

    /// Stopped by SIGTERM, which it sees: started from a test task, whose thread blocks it, a
    /// child would inherit that mask and run on until SIGKILL (`Process.launch`).
    @Test func aChildThatRunsPastItsTimeIsStoppedBySIGTERM() async throws {
        let (status, _) = try await runTool("/bin/sleep", ["30"], timeout: .milliseconds(200))
        #expect(status == 128 + SIGTERM)
    }
}
