/// Where the nodes of a cluster find each other's matches (`tennis serve --directory URL`).
/// A node reports itself and its matches every second; a node that stops reporting is gone
/// from the listings within a few seconds.
public protocol MatchDirectory: Sendable {
    /// This node's WebSocket URL, as clients on other nodes should be sent to it.
    var publicURL: String { get }
    /// Tells the directory this node is alive, with its load (open connections) and its matches.
    func heartbeat(load: Int, matches: [DirectoryEntry]) async throws
    /// Every public match on every live node, this one's included.
    func liveMatches() async throws -> [MatchSummary]
    /// The WebSocket URL of the live node (other than this one) that hosts `code`.
    func owner(of code: String) async throws -> String?
    /// This node is leaving: its matches go from the listings at once.
    func leave() async throws
    /// The live node with the fewest open connections (this one's included): its URL and load.
    func leastLoaded() async throws -> (url: String, load: Int)?
}

/// One of this node's matches as the directory keeps it.
public struct DirectoryEntry: Sendable, Equatable {
    public var summary: MatchSummary
    public var isPrivate: Bool

    public init(summary: MatchSummary, isPrivate: Bool) {
        self.summary = summary
        self.isPrivate = isPrivate
    }
}
