/// Constants every peer agrees on.
public enum WireProtocol {
    /// Sent in `hello` and checked by the server; bumped on any incompatible change.
    public static let version = 1
    /// The largest message a client may send, in bytes.
    public static let maxClientMessageSize = 4096
    /// Longest player name kept, in characters.
    public static let maxNameLength = 16
    /// Seconds between a match's heartbeat keyframes while it is out of play (waiting, paused,
    /// finished); in play it sends a snapshot every tick.
    public static let idleKeyframeSeconds = 1
    /// The most ticks between two pictures a spectator gets when it asked for none fewer (a
    /// server under load sends 12 Hz at the lowest): what a client's interpolation must bridge.
    public static let maxSpectatorTickStep = 5

    /// WebSocket close codes the server uses (4000–4999 are the application's).
    public enum CloseCode {
        public static let protocolError: UInt16 = 4400
        public static let badVersion: UInt16 = 4401
        public static let notFound: UInt16 = 4404
        public static let matchFull: UInt16 = 4409
        public static let forbidden: UInt16 = 4403
        public static let matchOver: UInt16 = 4410
        public static let tooMany: UInt16 = 4429
        /// The connection let too many messages pile up unread.
        public static let tooSlow: UInt16 = 4408
        /// The match lives on another node of the cluster; the `error` before the close (`moved`)
        /// carries that node's WebSocket URL, and clients reconnect there.
        public static let moved: UInt16 = 4307
        public static let serverShutdown: UInt16 = 4503
        /// WebSocket's "going away": nothing arrived from the peer for a whole keep-alive period
        /// after a ping (reason "ping timeout"); not final, a client may come back.
        public static let goingAway: UInt16 = 1001
    }

    /// The reasons that come with close 4503 (`serverShutdown`): whether a client should try again.
    public enum CloseReason {
        /// The server is stopping or restarting: a client may try again later (its match is gone
        /// unless the same server comes back with it, so expect `not_found`).
        public static let shutdown = "server shutting down"
        /// The player hosting the match (`tennis host`) quit: final.
        public static let hostLeft = "the host left"
        /// The match ended, or expired unjoined or empty, and was removed: final.
        public static let matchClosed = "match closed"
        /// A cluster node has no such match and cannot reach the directory to look elsewhere
        /// (error `directory_unavailable`): the match may well exist; try again shortly.
        public static let directoryUnavailable = "directory_unavailable"
        /// A relay node lost the server of the match it relayed and could not reach it again,
        /// while the directory could not say where the match is: final.
        public static let matchUnreachable = "the match's node cannot be reached"

        /// Whether a close is final: nothing comes of trying again.
        public static func isFinal(code: UInt16?, reason: String?) -> Bool {
            guard let code else { return false }
            if code == CloseCode.serverShutdown { return reason != shutdown && reason != directoryUnavailable }
            return [CloseCode.notFound, CloseCode.matchFull, CloseCode.forbidden, CloseCode.badVersion,
                    CloseCode.matchOver, CloseCode.protocolError, 1000].contains(code)
        }
    }
}
