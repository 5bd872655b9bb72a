/// The ssh side's limits, each with its number (defaults here, flags on `tennis serve`).
public struct SSHLimits: Sendable {
    /// ssh connections at once (each may hold one session).
    public var maxSessions = 2_000
    /// ssh connections at once from one address (IPv6: one /64).
    public var maxSessionsPerAddress = 8
    /// Seconds from connecting to a successful login; then the connection is closed.
    public var authSeconds = 20.0
    /// Seconds without a key typed before a session is ended with a goodbye line.
    public var idleSeconds = 900.0
    /// Input bytes a second a session may type (held keys repeat at about 30 a second, an
    /// arrow key is 3 bytes); more within one second is dropped, and four times as much closes it.
    public var maxInputBytesPerSecond = 512
    /// The largest single read of input; a bigger one (a paste, a flood) closes the session.
    public var maxReadBytes = 1024
    /// PTY sizes accepted, in cells; a request outside is refused and so is a window change.
    public var widthRange = 20...500
    public var heightRange = 8...200

    public init() {}
}
