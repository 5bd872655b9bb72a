/// Where the nodes of a cluster find each other's matches (`tennis serve --directory URL`).
/// A node reports itself and its matches every second, and each new match at once; a node that
/// stops reporting is gone from the listings within a few seconds, and from the directory soon after.
public protocol MatchDirectory: Sendable {
    /// This node's WebSocket URL, as clients on other nodes should be sent to it.
    var publicURL: String { get }
    /// Tells the directory this node is alive, with its load (open connections) and its matches as
    /// they stood when every match up to serial `through` had been created: entries of this node
    /// missing from `matches` are removed unless their serial is newer (created since, and
    /// published by `publish`).
    func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws
    /// Writes one new match of this node at once (before its creator gets its code), so the other
    /// nodes find it without waiting for the next heartbeat.
    func publish(_ entry: DirectoryEntry, load: Int) async throws
    /// Every public match on every live node, this one's included.
    func liveMatches() async throws -> [MatchSummary]
    /// The WebSocket URL of the live node (other than this one) that hosts `code`.
    func owner(of code: String) async throws -> String?
    /// Reports the matches of other nodes this node relays, with how many spectators it serves
    /// each (all of them: a relay not listed is gone), and returns, for each of this node's own
    /// matches that other live nodes relay, how many spectators they serve.
    func relays(_ relayed: [String: Int]) async throws -> [String: Int]
    /// This node is leaving: its matches go from the listings at once.
    func leave() async throws
    /// The live node with the fewest open connections (this one's included): its URL and load.
    func leastLoaded() async throws -> (url: String, load: Int)?
    /// For a player this node is about to send to the node hosting `code`: holds one of its
    /// seats for a short while, unless the match is known to be full or over. `client` (the
    /// player's address) gets no second hold while one of its reservations for `code` is live,
    /// and none once it has left `budget` reservations unused in the last minute: such a player
    /// is sent on without one (`.unreserved`), so nobody keeps a seat held by reserving again
    /// and again.
    func reserveSeat(code: String, client: String, budget: Int) async throws -> SeatReservation
    /// Seats a player on this node (the owner) under the cluster's holds: `seat` runs once,
    /// inside a lock on the match's directory entry, with what the player's claim is worth (the
    /// reservation, if any, is used up by then); it returns its outcome and the match's entry
    /// as it now stands, which the directory records before the lock is released. The outcome
    /// is returned even when the directory fails after `seat` ran.
    func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome
}

/// One of this node's matches as the directory keeps it.
public struct DirectoryEntry: Sendable, Equatable {
    public var summary: MatchSummary
    public var isPrivate: Bool
    /// The order in which its node created it (a heartbeat covers the matches up to a serial).
    public var serial: UInt64

    public init(summary: MatchSummary, isPrivate: Bool, serial: UInt64 = 0) {
        self.summary = summary
        self.isPrivate = isPrivate
        self.serial = serial
    }
}

extension DirectoryEntry {
    /// Player seats taken (a seat, once taken, stays its player's until the match ends).
    public var seatsTaken: Int { summary.players.count }
}
