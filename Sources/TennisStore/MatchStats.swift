import TennisCore

/// Point-by-point numbers of one match, derived by replaying it and reading its events.
public struct MatchStats: Sendable, Equatable {
    /// One player's numbers in the match.
    public struct Line: Sendable, Equatable {
        public var pointsWon = 0
        /// Points this player served, and how many of them they won.
        public var servePoints = 0
        public var servePointsWon = 0
        /// Points the other player served, and how many of them this player won.
        public var returnPoints = 0
        public var returnPointsWon = 0
        public var aces = 0
        public var doubleFaults = 0

        public init() {}
    }

    public var players = PerPlayer(Line(), Line())
    /// Points completed.
    public var points = 0
    /// The most shots (the serve included) in one point.
    public var longestRally = 0
    /// The tick at which each point started (the first serve set up), for seeking.
    public var pointStartTicks: [UInt32] = [0]

    public init() {}

    /// Replays `replay` to its final tick and counts.
    public init(replay: Replay) {
        self.init()
        var player = replay.player()
        var events: [MatchEvent] = []
        var shots = 0
        var pointJustEnded = false
        while player.state.tick < replay.finalTick {
            let server = Int(player.state.score.server)
            events.removeAll(keepingCapacity: true)
            player.step(events: &events)
            for event in events {
                switch event {
                case .serve: shots = 1
                case .hit: shots += 1
                case .point(let winner, let reason):
                    count(winner: winner, server: server, reason: reason, shots: shots)
                    shots = 0
                    pointJustEnded = true
                default: break
                }
            }
            if pointJustEnded, player.state.phase == .serving {
                pointStartTicks.append(player.state.tick)
                pointJustEnded = false
            }
        }
    }

    private mutating func count(winner: Int, server: Int, reason: PointReason, shots: Int) {
        guard (0...1).contains(winner), (0...1).contains(server) else { return }
        points += 1
        longestRally = max(longestRally, shots)
        players[winner].pointsWon += 1
        players[server].servePoints += 1
        players[1 - server].returnPoints += 1
        if winner == server {
            players[server].servePointsWon += 1
        } else {
            players[winner].returnPointsWon += 1
        }
        if reason == .ace { players[server].aces += 1 }
        if reason == .doubleFault { players[server].doubleFaults += 1 }
    }
}
