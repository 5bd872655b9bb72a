import Foundation

/// Finished matches and players' records, as the history routes serve them.
/// The store implements it; the server only sees this protocol.
///
/// A private match is for those who hold its invite secret: without the right `invite` it is
/// nil, exactly as a match that does not exist, and it is never in a player's record.
public protocol MatchHistory: Sendable {
    /// The match with this database id, or (if not a number, or no such id) the latest match with this code.
    func match(id: String, invite: String?) async throws -> HistoryMatch?
    /// A player's record (names are case-insensitive), over public matches only.
    func player(name: String) async throws -> PlayerProfile?
    /// The match's replay as an export file (`tennis replay FILE` plays it).
    func replayFile(id: String, invite: String?) async throws -> [UInt8]?
}

/// One finished match, as `tennis history --json` and `GET /api/matches/ID` show it.
public struct HistoryMatch: Codable, Sendable, Equatable {
    public var id: Int
    public var code: String
    /// Left, then right.
    public var players: [String]
    public var format: String
    public var surface: String
    public var started: Date
    /// When it ended.
    public var ended: Date
    /// Final score by set, left player first, e.g. "4-2" or "6-4 3-6 7-6".
    public var score: String
    /// Games per finished set, left first, and the tiebreak points where one was played.
    public var sets: [SetLine]
    /// The winner's name; nil when nobody won (abandoned).
    public var winner: String?
    /// How it ended: played, forfeit or abandoned.
    public var ending: String
    public var points: Int
    public var longestRally: Int
    /// Each player's numbers, left then right.
    public var stats: [PlayerLine]

    /// One set's games.
    public struct SetLine: Codable, Sendable, Equatable {
        public var games: [Int]
        public var tiebreak: [Int]?

        public init(games: [Int], tiebreak: [Int]?) {
            self.games = games
            self.tiebreak = tiebreak
        }
    }

    /// One player's numbers in one match.
    public struct PlayerLine: Codable, Sendable, Equatable {
        public var name: String
        public var pointsWon: Int
        public var servePoints: Int
        public var servePointsWon: Int
        public var returnPoints: Int
        public var returnPointsWon: Int
        public var aces: Int
        public var doubleFaults: Int
        public var ratingBefore: Double?
        public var ratingAfter: Double?
        /// The player's key fingerprint; nil for an anonymous player (and every match kept before
        /// identities).
        public var fingerprint: String?

        public init(name: String, pointsWon: Int, servePoints: Int, servePointsWon: Int, returnPoints: Int,
                    returnPointsWon: Int, aces: Int, doubleFaults: Int, ratingBefore: Double?, ratingAfter: Double?,
                    fingerprint: String? = nil) {
            self.fingerprint = fingerprint
            self.name = name
            self.pointsWon = pointsWon
            self.servePoints = servePoints
            self.servePointsWon = servePointsWon
            self.returnPoints = returnPoints
            self.returnPointsWon = returnPointsWon
            self.aces = aces
            self.doubleFaults = doubleFaults
            self.ratingBefore = ratingBefore
            self.ratingAfter = ratingAfter
        }
    }

    public init(id: Int, code: String, players: [String], format: String, surface: String, started: Date, ended: Date,
                score: String, sets: [SetLine], winner: String?, ending: String, points: Int, longestRally: Int,
                stats: [PlayerLine]) {
        self.id = id
        self.code = code
        self.players = players
        self.format = format
        self.surface = surface
        self.started = started
        self.ended = ended
        self.score = score
        self.sets = sets
        self.winner = winner
        self.ending = ending
        self.points = points
        self.longestRally = longestRally
        self.stats = stats
    }
}

/// A player's record over every stored match, as `tennis stats` and `GET /api/players/NAME` show it.
public struct PlayerProfile: Codable, Sendable, Equatable {
    public var name: String
    /// The key fingerprint that holds the name on this server or cluster (nil: unclaimed).
    public var fingerprint: String?
    /// Elo rating: 1500 to start, K = 32, moved by played-out and forfeited matches.
    public var rating: Double
    public var matches: Int
    public var wins: Int
    public var losses: Int
    public var pointsWon: Int
    public var pointsPlayed: Int
    public var servePoints: Int
    public var servePointsWon: Int
    public var returnPoints: Int
    public var returnPointsWon: Int
    public var aces: Int
    public var doubleFaults: Int
    public var longestRally: Int
    /// The latest matches, newest first (may be empty in listings).
    public var recent: [HistoryMatch]

    public init(name: String, rating: Double, matches: Int, wins: Int, losses: Int, pointsWon: Int, pointsPlayed: Int,
                servePoints: Int, servePointsWon: Int, returnPoints: Int, returnPointsWon: Int, aces: Int,
                doubleFaults: Int, longestRally: Int, recent: [HistoryMatch]) {
        self.name = name
        self.rating = rating
        self.matches = matches
        self.wins = wins
        self.losses = losses
        self.pointsWon = pointsWon
        self.pointsPlayed = pointsPlayed
        self.servePoints = servePoints
        self.servePointsWon = servePointsWon
        self.returnPoints = returnPoints
        self.returnPointsWon = returnPointsWon
        self.aces = aces
        self.doubleFaults = doubleFaults
        self.longestRally = longestRally
        self.recent = recent
    }
}

/// The JSON conventions of the history API: snake_case keys, ISO 8601 dates, sorted keys.
public enum HistoryJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
