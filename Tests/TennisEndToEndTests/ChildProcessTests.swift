import Foundation
import Testing
import TestSupport

/// The tests' own waiting for child processes (`Process.exitStatus`, `runTool`): a child that
/// leaves a process behind is seen to end when it ends, which Foundation's `waitUntilExit` is not.
@Suite struct ChildProcessTests {
    @Test func aChildThatLeavesAProcessBehindIsSeenToEndAtOnce() async throws {
        // The shell leaves a sleep behind, holding everything it inherited, and says its pid.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "sleep 30 & echo $!; exit 3"]
        let output = Pipe()
        shell.standardOutput = output
        shell.standardError = FileHandle.nullDevice
        shell.standardInput = FileHandle.nullDevice
        try shell.spawn()
        let printed = PipeDrain(output)
        // Seen to end while the sleep it left still runs (nil: not seen within 25 s).
        #expect(await shell.exit(within: .seconds(25)) == 3)
        let pid: @Sendable () -> pid_t? = { pid_t(printed.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(await eventually(seconds: 10) { pid() != nil })
        let left = try #require(pid())
        #expect(kill(left, 0) == 0, "the sleep still holds the shell's socket and pipe")
        kill(left, SIGKILL)
    }

    /// `runTool` returns what a tool printed before it ended, though a process it left behind
    /// still holds the pipe.
    @Test func aToolsOutputIsWhatCameBeforeItsEnd() async throws {
        let (status, output) = try await runTool("/bin/sh", ["-c", "sleep 3 & echo left; exit 3"],
                                                 timeout: .seconds(20))
        #expect(status == 3)
        #expect(output == "left\n")
    }

    /// Stopped by SIGTERM, which it sees: started from a test task, whose thread blocks it, a
    /// child would inherit that mask and run on until SIGKILL (`Process.spawn`).
    @Test func aChildThatRunsPastItsTimeIsStoppedBySIGTERM() async throws {
        let (status, _) = try await runTool("/bin/sleep", ["30"], timeout: .milliseconds(200))
        #expect(status == 128 + SIGTERM)
    }
}
