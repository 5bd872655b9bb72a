import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Waiting for a child process without Foundation's `waitUntilExit`, `isRunning` or
/// `terminationStatus`.
///
/// On Linux, Foundation learns that a child exited when a socket it handed the child reaches end
/// of file. Every process the child starts inherits that socket, and so may any process this
/// test process starts at the same moment on another thread (a tmux server, say): until all of
/// them are gone, `waitUntilExit` does not return and `isRunning` stays true, for a child long
/// dead (swift-corelibs-foundation#4795; a shell that leaves `sleep 5 &` behind is waited on
/// for the 5 s). A test that waited so could hang its whole run. These read the child's own
/// state with `waitid(WNOWAIT)` instead, without reaping it, so Foundation still finds it.
extension Process {
    /// `run()`, from a thread that blocks no signal. A child starts with the signal mask of the
    /// thread that started it, and Swift's cooperative threads block nearly every signal: a child
    /// started from a test task never saw SIGTERM (`terminate()` did nothing; a `tennis bot`
    /// played on) nor SIGWINCH.
    public func spawn() throws {
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
            let done = DispatchSemaphore(value: 0)
        }
        let outcome = Outcome()
        let process = self
        let thread = Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            do { try process.run() } catch { outcome.error = error }
            outcome.done.signal()
        }
        thread.start()
        outcome.done.wait()
        if let error = outcome.error { throw error }
    }

    /// How the child ended: its exit code, or 128 + the signal that ended it; nil while it runs.
    public var exitStatus: Int32? {
        var info = siginfo_t()
        if waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
            guard info.si_signo == SIGCHLD else { return nil }  // still running (WNOHANG)
            let status = info._sifields._sigchld.si_status
            return info.si_code == CLD_EXITED ? status : 128 + status
        }
        // Already reaped, by Foundation: then it has the status (once it has noted the exit).
        guard errno == ECHILD, !isRunning else { return nil }
        return terminationReason == .uncaughtSignal ? 128 + terminationStatus : terminationStatus
    }

    /// Waits (polling, off every thread) until the child ends; its `exitStatus`, or nil if it
    /// still runs after `timeout` or the waiting task is cancelled.
    public func exit(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            guard ContinuousClock.now < deadline else { return nil }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { return exitStatus }
        }
    }

    /// Waits up to `timeout` for the child to end, then stops it (`stop`); its exit status, -1
    /// if even SIGKILL left it running.
    public func ended(within timeout: Duration) async -> Int32 {
        if let status = await exit(within: timeout) { return status }
        return await stop() ?? -1
    }

    /// Ends the child: `signal` (SIGTERM unless told), then SIGKILL if it has not gone within
    /// `grace`; its exit status (nil only if even SIGKILL left it running for 10 s).
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32? {
        if let status = exitStatus { return status }
        kill(processIdentifier, signal)
        if let status = await exit(within: grace) { return status }
        kill(processIdentifier, SIGKILL)
        return await exit(within: .seconds(10))
    }
}

/// Everything a pipe delivers, read on a GCD thread from the moment it is made (so a child that
/// writes more than the pipe holds never blocks), until end of file.
public final class PipeDrain: Sendable {
    private let state = Mutex<(data: Data, done: Bool)>((Data(), false))

    public init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                state.withLock { $0.data.append(chunk) }
            }
            state.withLock { $0.done = true }
        }
    }

    /// What was read so far.
    public var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }

    /// What the pipe delivered, once it reached end of file or after `timeout` (a process the
    /// child left behind may hold the pipe open): whatever was read by then.
    public func all(within timeout: Duration) async -> String {
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ $0.done }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return text
    }
}

/// Where a tool's stderr goes when `runTool` runs it.
public enum ToolErrors: Sendable {
    case discarded
    /// To this process's stderr (the test run's log).
    case inherited
    /// Into the same pipe as stdout, in the order written.
    case merged
}

/// Runs `executable` to its end, stdin empty, and returns its exit status (as
/// `Process.exitStatus`; after `timeout` it is stopped, and the status is then that of SIGTERM or
/// SIGKILL, or -1 if even SIGKILL left it running) and what it wrote to stdout.
public func runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    errors: ToolErrors = .discarded, timeout: Duration = .seconds(60)) async throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    switch errors {
    case .discarded: process.standardError = FileHandle.nullDevice
    case .inherited: break
    case .merged: process.standardError = output
    }
    process.standardInput = FileHandle.nullDevice
    try process.spawn()
    let printed = PipeDrain(output)
    return (await process.ended(within: timeout), await printed.all(within: .seconds(5)))
}
