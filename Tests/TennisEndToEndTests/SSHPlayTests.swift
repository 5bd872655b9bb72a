import Foundation
import Synchronization
import Testing
import TestSupport

/// The real OpenSSH client, in tmux, into the real `tennis serve --ssh-port`: the menu, a point
/// of practice against the bot, quitting; and `ssh … watch CODE` of a bot match.
@Suite(.serialized, .heavy) struct SSHPlayTests {
    static let hasTools = TerminalClientTests.hasTmux && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")

    let terminal = TerminalClientTests()

    /// A server with ssh on, a fresh client key, and the ssh command line that logs in with it.
    struct Setup {
        let server: Process
        let directory: URL
        let wsPort: String
        let sshPort: String
        let fingerprint: String

        func ssh(_ user: String, _ command: String = "", terminal: String = "-tt", key: String = "key") -> String {
            "/usr/bin/ssh \(terminal) -p \(sshPort) -i '\(directory.path)/\(key)' -o StrictHostKeyChecking=no "
                + "-o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o LogLevel=ERROR \(user)@127.0.0.1 \(command)"
        }
    }

    /// A fresh ssh client key at `path` (waited for off the cooperative pool).
    static func makeKey(_ path: String) async throws {
        _ = try await runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path])
    }

    func start() async throws -> Setup {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-ssh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await Self.makeKey(directory.appendingPathComponent("key").path)
        let (server, output) = try TennisBinary.start([
            "serve", "--host", "127.0.0.1", "--port", "0", "--db", directory.appendingPathComponent("db.sqlite").path,
            "--ssh-port", "0", "--ssh-host-key", directory.appendingPathComponent("host_key").path,
        ])
        let lines = try await readLines(containing: ["ssh on port", "listening on"], from: output)
        let sshLine = try #require(lines["ssh on port"], "the server names its ssh port")
        let wsLine = try #require(lines["listening on"])
        let sshPort = try #require(sshLine.split(separator: " ").dropFirst(3).first.map { String($0.dropLast()) })
        let wsPort = try #require(wsLine.split(separator: ":").dropFirst(2).first?.split(separator: "/").first.map(String.init))
        let fingerprint = try #require(sshLine.split(separator: " ").last.map { String($0.dropLast()) })
        return Setup(server: server, directory: directory, wsPort: wsPort, sshPort: sshPort, fingerprint: fingerprint)
    }

    @Test(.enabled(if: hasTools, "needs tmux and OpenSSH"))
    func practiceOverSSHPlaysAPointAndQuits() async throws {
        let setup = try await start()
        defer {
            setup.server.terminate()
            try? FileManager.default.removeItem(at: setup.directory)
        }
        #expect(setup.fingerprint.hasPrefix("SHA256:"))
        let mode = try FileManager.default.attributesOfItem(atPath: setup.directory.appendingPathComponent("host_key").path)
        #expect(mode[.posixPermissions] as? Int == 0o600)

        let session = "tennis-ssh-\(getpid())"
        let marker = setup.directory.appendingPathComponent("done")
        try await terminal.tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                                setup.ssh("ann") + "; echo exit=$? > '\(marker.path)'; sleep 30")
        defer { terminal.killSession(session) }

        let menu = try await terminal.waitForScreen(session) { $0.contains("Practise against a bot") }
        #expect(menu.contains("Host a match on this server"), "the ssh menu:\n\(menu)")
        #expect(menu.contains("ann, key SHA256:"), "the session is known by its key:\n\(menu)")
        try await terminal.tmux("send-keys", "-t", session, "Enter")
        let choices = try await terminal.waitForScreen(session) { $0.contains("Bot level") }
        #expect(choices.contains("Bot level"))
        try await terminal.tmux("send-keys", "-t", session, "Enter")
        let court = try await terminal.waitForScreen(session) { $0.contains("ann (you)") && $0.contains("Bot L2") }
        #expect(court.contains("ann (you)"), "the court, drawn over ssh:\n\(court)")
        #expect(court.contains("┌") && court.contains("┘"))

        try await terminal.tmux("send-keys", "-t", session, "Space")
        let scored = try await terminal.waitForScreen(session, seconds: 40) { screen in
            let top = screen.split(separator: "\n").prefix(2).joined()
            return top.contains(" 15") || top.contains(" 30") || top.contains(" 40") || top.contains("  1  ")
        }
        #expect(scored.split(separator: "\n").prefix(2).joined().contains(where: { "1234".contains($0) }),
                "a point was played over ssh:\n\(scored)")

        // A smaller window: the court follows the window change.
        try await terminal.tmux("resize-window", "-t", session, "-x", "60", "-y", "20")
        let small = try await terminal.waitForScreen(session) { $0.contains("enlarge") }
        #expect(small.contains("enlarge to 80×24"), "the window change reached the game:\n\(small)")
        try await terminal.tmux("resize-window", "-t", session, "-x", "100", "-y", "30")

        try await terminal.tmux("send-keys", "-t", session, "q")
        let back = try await terminal.waitForScreen(session) { $0.contains("Practise against a bot") }
        #expect(back.contains("Host a match on this server"), "back in the menu:\n\(back)")
        try await terminal.tmux("send-keys", "-t", session, "q")
        _ = try await terminal.waitForScreen(session) { _ in FileManager.default.fileExists(atPath: marker.path) }
        #expect(((try? String(contentsOf: marker, encoding: .utf8)) ?? "").contains("exit=0"), "ssh exits cleanly")
    }

    @Test(.enabled(if: hasTools, "needs tmux and OpenSSH"))
    func watchOverSSHShowsABotMatch() async throws {
        let setup = try await start()
        defer {
            setup.server.terminate()
            try? FileManager.default.removeItem(at: setup.directory)
        }
        let code = try await TennisBinary.createMatch(port: setup.wsPort)
        let base = "ws://127.0.0.1:\(setup.wsPort)"
        let (botA, _) = try TennisBinary.start(["bot", code, "--server", base, "--level", "1", "--seed", "1"])
        let (botB, _) = try TennisBinary.start(["bot", code, "--server", base, "--level", "2", "--seed", "2"])
        defer {
            botA.terminate()
            botB.terminate()
        }
        let session = "tennis-ssh-watch-\(getpid())"
        // Anonymous: the guest user logs in without a key.
        try await terminal.tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                                setup.ssh("guest", "watch \(code)") + "; sleep 30")
        defer { terminal.killSession(session) }
        let court = try await terminal.waitForScreen(session) { $0.contains("Bot L1") && $0.contains("Bot L2") }
        #expect(court.contains("Bot L1") && court.contains("Bot L2"), "the match, watched over ssh:\n\(court)")
        #expect(court.contains("┌") && court.contains("┘"))
    }

    /// An ssh key is an identity: the first key to play as "ann" claims the name on this server,
    /// and another key logging in as "ann" is refused with the reason.
    @Test(.enabled(if: hasTools, "needs tmux and OpenSSH"))
    func aSecondKeyCannotPlayUnderANameTheFirstKeyClaimed() async throws {
        let setup = try await start()
        defer {
            setup.server.terminate()
            try? FileManager.default.removeItem(at: setup.directory)
        }
        try await Self.makeKey(setup.directory.appendingPathComponent("other").path)

        let first = "tennis-ssh-claim-\(getpid())"
        let code = try await TennisBinary.createMatch(port: setup.wsPort)
        try await terminal.tmux("new-session", "-d", "-s", first, "-x", "100", "-y", "30",
                                setup.ssh("ann", "join \(code)") + "; sleep 30")
        defer { terminal.killSession(first) }
        let seated = try await terminal.waitForScreen(first) { $0.contains("ann (you)") || $0.contains("Waiting") }
        #expect(!seated.contains("Could not join"), "the first key plays as ann:\n\(seated)")

        let second = "tennis-ssh-claim2-\(getpid())"
        let other = try await TennisBinary.createMatch(port: setup.wsPort)
        try await terminal.tmux("new-session", "-d", "-s", second, "-x", "100", "-y", "30",
                                setup.ssh("ann", "join \(other)", key: "other") + "; sleep 30")
        defer { terminal.killSession(second) }
        let refused = try await terminal.waitForScreen(second) { $0.contains("Could not join") }
        #expect(refused.contains("belongs to another key"), "another key is refused as ann:\n\(refused)")
        #expect(refused.contains("log in as another, e.g. ssh -p \(setup.sshPort) OTHER@"), "\(refused)")
    }

    @Test(.enabled(if: hasTools, "needs tmux and OpenSSH"))
    func otherCommandsAreRefused() async throws {
        let setup = try await start()
        defer {
            setup.server.terminate()
            try? FileManager.default.removeItem(at: setup.directory)
        }
        let (status, printed) = try await run(setup.ssh("ann", "cat /etc/passwd", terminal: "-T"))
        #expect(status == 1)
        #expect(printed.contains("only 'watch CODE' and 'join CODE' can be run here"), "\(printed)")
        #expect(!printed.contains("root:"))
        // A match without a terminal: refused with the reason.
        let (noTerminal, said) = try await run(setup.ssh("ann", "watch ABCDEF", terminal: "-T"))
        #expect(noTerminal == 1)
        #expect(said.contains("this needs a terminal"), "\(said)")
        // No subsystems (sftp) and no port forwarding (-W opens a direct-tcpip channel).
        let (sftp, _) = try await run(setup.ssh("ann", "sftp", terminal: "-T -s"))
        #expect(sftp != 0)
        let (forward, forwardSaid) = try await run(setup.ssh("ann", "", terminal: "-W 127.0.0.1:\(setup.wsPort)"))
        #expect(forward != 0)
        #expect(forwardSaid.contains("forwarding failed"), "\(forwardSaid)")
    }

    /// Runs a shell command line and returns its status and output (stdout and stderr).
    func run(_ commandLine: String) async throws -> (Int32, String) {
        try await runTool("/bin/sh", ["-c", commandLine], errors: .merged)
    }
}
