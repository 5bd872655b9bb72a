import Foundation
import TennisCore

/// How a recorded match ended.
public enum MatchEnding: String, Sendable, Codable, CaseIterable {
    /// Played to the last point.
    case played
    /// A player left and did not come back within the grace period.
    case forfeit
    /// Stopped before it was decided (the server shut down).
    case abandoned
}

/// Everything kept about a finished match.
public struct MatchRecord: Sendable {
    public var code: String
    /// Player names, left then right.
    public var names: [String]
    public var config: MatchConfig
    public var startedAt: Date
    public var endedAt: Date
    public var score: Score
    /// The winning seat, if the match has one.
    public var winner: Int?
    public var ending: MatchEnding
    public var replay: Replay
    /// A private match's invite secret (nil: a public match). Stores keep only a hash of it, and
    /// show the record only to those who give the secret.
    public var invite: String?
    /// Each player's key fingerprint, left then right; nil for an anonymous player. A match with
    /// an anonymous player is kept but moves no rating.
    public var fingerprints: [String?]

    public init(code: String, names: [String], config: MatchConfig, startedAt: Date, endedAt: Date, score: Score,
                winner: Int?, ending: MatchEnding, replay: Replay, invite: String? = nil,
                fingerprints: [String?] = [nil, nil]) {
        self.invite = invite
        self.fingerprints = fingerprints
        self.code = code
        self.names = names
        self.config = config
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.score = score
        self.winner = winner
        self.ending = ending
        self.replay = replay
    }
}

/// Where finished matches go. The server calls it once per match that started, off the tick task.
public protocol MatchArchive: Sendable {
    func store(_ record: MatchRecord) async throws
}
