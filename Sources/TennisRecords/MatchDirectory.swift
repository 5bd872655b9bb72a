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
    /// each and where it subscribes (all of them: a relay not listed is gone), and returns, for
    /// each of this node's own matches that other live nodes relay, how many spectators they serve.
    func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int]
    /// Where a new relay of `code` (owned by the node at `owner`) subscribes so that no node
    /// serves more than `fanout` relays of it: nil for the owner itself, else the URL of a live
    /// relay node with room, nearest the owner first.
    func relayParent(code: String, owner: String, fanout: Int) async throws -> String?
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

/// What a relay node tells the directory of one match it relays.
public struct RelayReport: Sendable, Equatable {
    /// Its spectators (people: relays chained below it report their own).
    public var spectators: Int
    /// The WebSocket URL it subscribes to: the owner's, or another relay node's.
    public var upstream: String

    public init(spectators: Int, upstream: String) {
        self.spectators = spectators
        self.upstream = upstream
    }
}

/// The relay tree of one match, as the directory knows it: who subscribes to whom.
public enum RelayTree {
    /// Where a new relay subscribes: breadth first from the owner, the first node (fewest
    /// relays below it first) serving fewer than `fanout` relays; nil for the owner. `edges` are
    /// the live relays' (node URL, upstream URL). A relay can only hang below one already in the
    /// tree, so the tree never loops.
    public static func parent(owner: String, edges: [(node: String, upstream: String)], fanout: Int) -> String? {
        var children: [String: [String]] = [:]
        for edge in edges where edge.node != owner { children[edge.upstream, default: []].append(edge.node) }
        var level = [owner]
        var seen: Set<String> = [owner]
        while !level.isEmpty {
            let ranked = level.sorted { (children[$0]?.count ?? 0, $0) < (children[$1]?.count ?? 0, $1) }
            if let open = ranked.first(where: { (children[$0]?.count ?? 0) < fanout }) {
                return open == owner ? nil : open
            }
            level = level.flatMap { children[$0] ?? [] }.filter { seen.insert($0).inserted }
        }
        return nil
    }
}
