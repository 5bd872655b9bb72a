/// The scoring rules: points, games, sets, tiebreaks and who serves.
///
/// Server rotation: the server changes after every game. In a tiebreak the player whose
/// turn it is serves the first point, then the players alternate every two points; after a
/// tiebreak set, the player who received first in the tiebreak serves first in the next set.
/// The first server of a tiebreak is not stored: it is derived from `server` and the
/// tiebreak points played (see `tiebreakFirstServer`).
///
/// Formats: `.tiebreak` is one tiebreak to 7 (win by 2); `.short` one set to 4 games (win by 2,
/// tiebreak to 7 at 4-4); `.set` one set to 6 (tiebreak at 6-6); `.bestOfThree` two sets to 6
/// (tiebreak at 6-6) and, at one set all, a match tiebreak to 10 (win by 2) instead of a third
/// set. A match tiebreak is recorded as a third set of 1-0 games with its points as the tiebreak.
extension Score {
    /// The start of a match in `format`: love-all, player 0 serving (a `.tiebreak` match starts in its tiebreak).
    public init(format: MatchFormat) {
        self.init(
            format: format, points: .init(0, 0), games: .init(0, 0), sets: [],
            inTiebreak: format == .tiebreak, server: 0, winner: -1
        )
    }

    /// Games needed to win a set (a tiebreak is played when both reach it).
    public var gamesPerSet: UInt8 { format == .short ? 4 : 6 }

    /// Sets needed to win the match.
    public var setsToWin: Int { format == .bestOfThree ? 2 : 1 }

    /// True while the current tiebreak is a best-of-three's deciding match tiebreak (to 10).
    public var isMatchTiebreak: Bool { inTiebreak && format == .bestOfThree && sets.count == 2 }

    /// Points needed to win the current tiebreak (win by 2): 10 in a match tiebreak, else 7.
    public var tiebreakTarget: UInt8 { isMatchTiebreak ? 10 : 7 }

    /// The service box the current point's serve must land in, lines included: `x` from the net
    /// to the receiver's service line, `y` from the centre line to the singles sideline, on the
    /// receiver's side diagonally opposite the server (deuce court: the server's right).
    public var serviceBox: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let towards: Double = server == 0 ? 1 : -1
        let boxYSign = serveFromRight ? -towards : towards
        let x = towards > 0 ? 0...Court.serviceLineFromNet : -Court.serviceLineFromNet...0
        let y = boxYSign > 0 ? 0...Court.halfSinglesWidth : -Court.halfSinglesWidth...0
        return (x, y)
    }

    /// True once the match has a winner.
    public var isOver: Bool { winner >= 0 }

    /// Points played in the current game or tiebreak.
    public var pointsPlayed: Int { Int(points.left) + Int(points.right) }

    /// True when the current point is served from the deuce court (the server's right-hand side).
    public var serveFromRight: Bool { pointsPlayed % 2 == 0 }

    /// True at deuce (40-40 or any equal score beyond it); never in a tiebreak.
    public var isDeuce: Bool { !inTiebreak && points.left >= 3 && points.left == points.right }

    /// Sets won by each player.
    public var setsWon: PerPlayer<Int> {
        var won = PerPlayer(0, 0)
        for set in sets {
            if set.games.left > set.games.right { won.left += 1 } else if set.games.right > set.games.left { won.right += 1 }
        }
        return won
    }

    /// The player who served (or serves) the first point of the current tiebreak.
    public var tiebreakFirstServer: Int { Int(server) ^ ((pointsPlayed + 1) / 2 % 2) }

    /// The points as called: "0", "15", "30", "40", "AD" and "" for the trailing player at
    /// advantage, "40"/"40" at deuce, or plain numbers in a tiebreak.
    public var pointLabels: PerPlayer<String> {
        if inTiebreak { return PerPlayer(String(points.left), String(points.right)) }
        let a = points.left, b = points.right
        if a >= 3 && b >= 3 {
            if a == b { return PerPlayer("40", "40") }
            return a > b ? PerPlayer("AD", "") : PerPlayer("", "AD")
        }
        let names = ["0", "15", "30", "40"]
        return PerPlayer(names[Int(min(a, 3))], names[Int(min(b, 3))])
    }

    /// A one-line score, left player first: finished sets, current games, then points,
    /// e.g. "6-4 2-1 30-15" ("AD-40" at advantage). A `.tiebreak` match shows only its points.
    public var compactText: String {
        var parts: [String] = []
        for (i, set) in sets.enumerated() {
            if format == .tiebreak || (format == .bestOfThree && i == 2), let tb = set.tiebreak {
                parts.append("\(tb.left)-\(tb.right)")
            } else {
                parts.append("\(set.games.left)-\(set.games.right)")
            }
        }
        if !isOver {
            if format != .tiebreak && !isMatchTiebreak { parts.append("\(games.left)-\(games.right)") }
            var labels = pointLabels
            if labels.left.isEmpty { labels.left = "40" }
            if labels.right.isEmpty { labels.right = "40" }
            parts.append("\(labels.left)-\(labels.right)")
        }
        return parts.joined(separator: " ")
    }

    /// Gives the current point to `player`, moving games, sets, the server and the winner on,
    /// and appends `.game`/`.set`/`.match` events. Does nothing once the match is over.
    public mutating func award(pointTo player: Int, events: inout [MatchEvent]) {
        guard winner < 0, player == 0 || player == 1 else { return }
        let other = 1 - player
        if inTiebreak {
            let first = tiebreakFirstServer
            points[player] += 1
            if points[player] >= tiebreakTarget && points[player] >= points[other] + 2 {
                winTiebreak(player, firstServer: first, events: &events)
            } else {
                server = UInt8(first ^ ((pointsPlayed + 1) / 2 % 2))
            }
            return
        }
        points[player] += 1
        if points[player] >= 4 && points[player] >= points[other] + 2 {
            winGame(player, events: &events)
        } else if points.left == points.right && points.left > 3 {
            points = PerPlayer(3, 3)  // back to deuce; keeps the parity of points played
        }
    }

    private mutating func winGame(_ player: Int, events: inout [MatchEvent]) {
        points = PerPlayer(0, 0)
        games[player] += 1
        events.append(.game(winner: player))
        server ^= 1
        let target = gamesPerSet
        if games[player] >= target && games[player] >= games[1 - player] + 2 {
            winSet(player, tiebreak: nil, events: &events)
        } else if games.left == target && games.right == target {
            inTiebreak = true
        }
    }

    private mutating func winTiebreak(_ player: Int, firstServer: Int, events: inout [MatchEvent]) {
        let tiebreakPoints = points
        points = PerPlayer(0, 0)
        inTiebreak = false
        if format == .tiebreak || sets.count == 2 {
            // A single-tiebreak match, or a best-of-three's match tiebreak: it decides the match.
            let matchTiebreak = format != .tiebreak
            var setGames = PerPlayer<UInt8>(0, 0)
            setGames[player] = 1
            sets.append(SetScore(games: setGames, tiebreak: tiebreakPoints))
            games = PerPlayer(0, 0)
            winner = Int8(player)
            if matchTiebreak { events.append(.set(winner: player)) }
            events.append(.match(winner: player))
            return
        }
        games[player] += 1
        events.append(.game(winner: player))
        server = UInt8(1 - firstServer)
        winSet(player, tiebreak: tiebreakPoints, events: &events)
    }

    private mutating func winSet(_ player: Int, tiebreak: PerPlayer<UInt8>?, events: inout [MatchEvent]) {
        sets.append(SetScore(games: games, tiebreak: tiebreak))
        games = PerPlayer(0, 0)
        inTiebreak = false
        events.append(.set(winner: player))
        if setsWon[player] >= setsToWin {
            winner = Int8(player)
            events.append(.match(winner: player))
        } else if format == .bestOfThree && sets.count == 2 {
            inTiebreak = true  // one set all: a match tiebreak to 10 instead of a third set
        }
    }
}

/// What the next point could decide.
public enum PointPressure: Equatable, Sendable {
    /// The receiver can win the server's game.
    case breakPoint
    case setPoint
    case matchPoint
}

extension Score {
    /// What winning the next point would give `player`, the biggest first (match over set over
    /// break); nil when it is an ordinary point. Both players are looked at; the first found wins.
    public var pressure: (PointPressure, player: Int)? {
        guard !isOver else { return nil }
        var found: (PointPressure, player: Int)?
        for player in 0...1 {
            var next = self
            var events: [MatchEvent] = []
            next.award(pointTo: player, events: &events)
            let pressure: PointPressure?
            if events.contains(.match(winner: player)) {
                pressure = .matchPoint
            } else if events.contains(.set(winner: player)) {
                pressure = .setPoint
            } else if events.contains(.game(winner: player)), player != Int(server), !inTiebreak {
                pressure = .breakPoint
            } else {
                pressure = nil
            }
            guard let pressure else { continue }
            if found == nil || pressure.rank > found!.0.rank { found = (pressure, player) }
        }
        return found
    }
}

extension PointPressure {
    fileprivate var rank: Int {
        switch self {
        case .breakPoint: 1
        case .setPoint: 2
        case .matchPoint: 3
        }
    }
}
