import TerminalUI

/// One ssh session as the game sees it: a terminal to draw on, what was asked for, and who it is.
@MainActor
public struct SSHSession {
    public let terminal: ANSITerminal
    public let command: SSHCommand
    public let identity: SSHIdentity
    /// The user name the client logged in with (untrusted text: sanitise before showing it).
    public let username: String
    /// The peer's address key (IPv4 address, or the IPv6 /64).
    public let peer: String
}

/// Runs a session's screens; returns when the player leaves (or the terminal hangs up).
public typealias SSHSessionApp = @MainActor @Sendable (SSHSession) async -> Void
