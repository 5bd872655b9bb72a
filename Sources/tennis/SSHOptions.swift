import ArgumentParser
import Logging
import TennisServer
import TennisSSH

/// `--ssh-port` and its companions, on `tennis serve` and `tennis host`.
struct SSHOptions: ParsableArguments {
    @Option(help: "Also serve the game over ssh on this port (0 picks a free one): 'ssh -p PORT HOST' opens the menu.")
    var sshPort: Int?

    @Option(help: "The ssh host key file (Ed25519), created with mode 600 when absent.")
    var sshHostKey: String = "tennis_ssh_host_ed25519"

    @Option(help: "Most ssh sessions at once.")
    var sshMaxSessions: Int = SSHLimits().maxSessions

    @Option(help: "Most ssh sessions at once from one address.")
    var sshMaxPerAddress: Int = SSHLimits().maxSessionsPerAddress

    @Option(help: "Seconds an ssh session may go without a key before it is ended.")
    var sshIdleSeconds: Double = SSHLimits().idleSeconds

    func validate() throws {
        if let sshPort, !(0...65535).contains(sshPort) { throw ValidationError("--ssh-port must be between 0 and 65535") }
        guard sshMaxSessions > 0, sshMaxPerAddress > 0 else { throw ValidationError("ssh session limits must be positive") }
        guard sshIdleSeconds > 0 else { throw ValidationError("--ssh-idle-seconds must be positive") }
    }

    var limits: SSHLimits {
        var limits = SSHLimits()
        limits.maxSessions = sshMaxSessions
        limits.maxSessionsPerAddress = sshMaxPerAddress
        limits.idleSeconds = sshIdleSeconds
        return limits
    }

    /// The host key, read or created (a bad file stops the start with a sentence).
    func hostKey() throws -> SSHHostKey {
        do {
            let (key, created) = try SSHHostKey.loadOrCreate(at: sshHostKey)
            print(created ? "created the ssh host key \(sshHostKey)" : "ssh host key \(sshHostKey)")
            return key
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Starts the ssh server for a game server on `wsPort`; prints where it listens and the key's fingerprint.
    func start(host: String, hostKey: SSHHostKey, game: SSHGame, logger: Logger) async throws -> SSHServer? {
        guard let sshPort else { return nil }
        do {
            let server = try await SSHServer.start(host: host, port: sshPort, hostKey: hostKey, limits: limits,
                                                   logger: logger, addressKey: AddressKey.of) { session in await game.run(session) }
            let name = host == "0.0.0.0" || host == "::" ? HostCommand.hostName() : host
            game.port.set(sshCommand: "ssh -p \(server.port) \(name)")
            print("ssh on port \(server.port): ssh -p \(server.port) \(host == "0.0.0.0" ? "HOST" : host) "
                  + "(host key \(hostKey.fingerprint))")
            fflushStdout()
            return server
        } catch {
            throw CommandFailure(ServeCommand.explain(error, host: host, port: sshPort)
                .replacingOccurrences(of: "--port", with: "--ssh-port"))
        }
    }
}
