import Foundation
import Testing
import TestSupport

/// Runs the real terminal client inside tmux, types keys and reads the screen, as a player would.
@Suite(.serialized, .heavy) struct TerminalClientTests {
    static let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

    /// This test's own tmux server (a fresh instance per test): a server shared with a suite
    /// running alongside exits when its last session ends, and a `new-session` racing that
    /// exit was seen to fail silently (every screen read empty).
    let socket = "tennis-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// Runs a tmux command and returns what it printed. It is spawned and reaped with
    /// posix_spawn/waitpid on a GCD thread, and its output goes through a file: the first
    /// `new-session` forks the tmux server, which would keep a pipe open forever, and
    /// Foundation's Process was seen never to notice that client's exit.
    @discardableResult
    func tmux(_ arguments: String...) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let argv = ["tmux", "-L", socket] + arguments
        let path = file.path
        let pid = await offThePool { () -> pid_t in
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            // Nothing else of this process's: the tmux server outlives the command, and a pipe or
            // Foundation's exit-watch socket of another child it kept would make this process
            // wait for that child as long as the tmux server lives (see `Process.exitStatus`).
            // (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc does not import.)
            if let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
                typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
                _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
            }
            var cArguments = argv.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            // This runs on a GCD thread, which blocks signals; a child inherits that mask, and the
            // first tmux becomes the server whose panes would never see SIGWINCH (an ssh client
            // in one would not send window changes). Spawn with no signal blocked.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            var pid: pid_t = 0
            guard posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ) == 0 else { return -1 }
            return pid
        }
        // Reaped here, polling: a tmux client stuck on its server is killed after 30 s.
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while pid > 0, waitpid(pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Ends the tmux session (from a `defer`, so without waiting).
    func killSession(_ session: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket, "kill-session", "-t", session]
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.spawn()
    }

    func screen(_ session: String) async throws -> String { try await tmux("capture-pane", "-p", "-t", session) }

    func waitForScreen(_ session: String, seconds: Double = 20, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await screen(session)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }

    /// The games and points on the scoreboard's two lines (the serve marker, the names and the
    /// corner with the match and the round trip left out).
    static func scoreNumbers(_ screen: String) -> [Substring] {
        screen.split(separator: "\n").prefix(2).flatMap { line -> [Substring] in
            var text = String(line)
            for corner in ["RTT", "match"] {
                if let start = text.range(of: corner) { text = String(text[..<start.lowerBound]) }
            }
            for name in ["Ann (you)", "Bot L1"] { text = text.replacingOccurrences(of: name, with: "") }
            return text.split(separator: " ").filter { $0 != "•" }
        }
    }

    @Test func theScoreNumbersLeaveOutNamesAndTheRoundTrip() {
        let start = " • Ann (you)   0   0                                 match K7QM2P · hard court\n"
            + "   Bot L1      0   0                                 RTT 15 ms · 0 watching\n"
        #expect(Self.scoreNumbers(start) == ["0", "0", "0", "0"])
        #expect(Self.scoreNumbers(start.replacingOccurrences(of: "(you)   0   0", with: "(you)   0  15"))
            == ["0", "15", "0", "0"])
    }

    @Test(.enabled(if: hasTmux, "needs tmux"))
    func practiceDrawsTheCourtServesAndQuitsCleanly() async throws {
        let session = "tennis-e2e-\(getpid())"
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).done")
        try? FileManager.default.removeItem(at: marker)
        // Started from another folder: the binary must not depend on the working directory.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(session).path
        let command = "cd / && XDG_DATA_HOME='\(home)' XDG_STATE_HOME='\(home)' TERM=xterm-256color "
            + "'\(TennisBinary.url.path)' practice --name Ann --level 1; "
            + "echo exit=$? > '\(marker.path)'; sleep 30"
        try await tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
        defer { killSession(session) }

        let court = try await waitForScreen(session) { $0.contains("Ann (you)") && $0.contains("Bot L1") }
        #expect(court.contains("Ann (you)"), "scoreboard with the player's name:\n\(court)")
        #expect(court.contains("Bot L1"))
        #expect(court.contains("┌") && court.contains("┘"), "the court's corners are drawn:\n\(court)")
        #expect(court.contains("RTT"))

        // Serve (if it is ours) and let the bot play; some point must be decided within a while.
        try await tmux("send-keys", "-t", session, "Space")
        // Only the scoreboard's numbers: "RTT 15 ms" on a busy machine is not a point (it once
        // ended the wait with nothing scored, and then no "Left at" line could follow).
        let scored = try await waitForScreen(session, seconds: 40) { !Self.scoreNumbers($0).allSatisfy { $0 == "0" } }
        #expect(!Self.scoreNumbers(scored).allSatisfy { $0 == "0" }, "a point was scored:\n\(scored)")

        try await tmux("resize-window", "-t", session, "-x", "60", "-y", "20")
        let small = try await waitForScreen(session) { $0.contains("enlarge") }
        #expect(small.contains("enlarge to 80×24"), "too-small message:\n\(small)")
        try await tmux("resize-window", "-t", session, "-x", "100", "-y", "30")
        let back = try await waitForScreen(session) { $0.contains("Ann (you)") }
        #expect(back.contains("Ann (you)"))

        try await tmux("send-keys", "-t", session, "q")
        _ = try await waitForScreen(session) { _ in FileManager.default.fileExists(atPath: marker.path) }
        // The client has exited: read the screen as it was left (the capture above may predate the exit).
        let after = try await waitForScreen(session, seconds: 15) { $0.contains("Left at") }
        let exit = (try? String(contentsOf: marker, encoding: .utf8)) ?? ""
        #expect(exit.contains("exit=0"))
        #expect(after.contains("Left at "), "the terminal is restored and where the match was left printed:\n\(after)")
        #expect(!after.contains("║"), "no court left on the restored screen")
    }
}
