/// The outcome of a batch of headless bot-versus-bot matches (see `Simulation.simulate`).
public struct SimulationReport: Sendable, Equatable {
    /// Matches played (finished or stopped at the tick limit).
    public var matches: Int
    /// Matches won by level A (`left`) and level B (`right`), whatever side each played on.
    public var wins: PerPlayer<Int>
    /// Mean hits per point, the serve included (a double fault counts one).
    public var averageRally: Double
    /// Mean horizontal ball speed in m/s (scaled game time) just after the first bounce of each
    /// shot or serve, over all such bounces.
    public var ballSpeedAfterBounce: Double
    /// Combines every final `MatchState.stateHash` in order: the same seed gives the same hash.
    public var stateHash: UInt64
    /// Points played over all matches.
    public var points: Int
    /// Ticks stepped over all matches.
    public var ticks: Int
    /// Points by how they ended, indexed by `PointReason.rawValue`.
    public var endings: [Int]

    public init(
        matches: Int = 0, wins: PerPlayer<Int> = .init(0, 0), averageRally: Double = 0,
        ballSpeedAfterBounce: Double = 0, stateHash: UInt64 = 0, points: Int = 0, ticks: Int = 0,
        endings: [Int] = Array(repeating: 0, count: PointReason.allCases.count)
    ) {
        self.matches = matches
        self.wins = wins
        self.averageRally = averageRally
        self.ballSpeedAfterBounce = ballSpeedAfterBounce
        self.stateHash = stateHash
        self.points = points
        self.ticks = ticks
        self.endings = endings
    }

    /// Points that ended for `reason`.
    public func count(_ reason: PointReason) -> Int { endings[Int(reason.rawValue)] }
}

/// Headless, deterministic bot-versus-bot simulation, for tuning and tests.
public enum Simulation {
    /// Plays `matches` matches between a bot of level `levels.left` (A) and one of `levels.right` (B).
    ///
    /// Match `i` gets its match seed and both bot seeds from a SplitMix64 stream seeded with `seed`,
    /// so the same arguments always give the same report. Sides alternate: A plays on the left in
    /// even matches and on the right in odd ones. Each match stops after `maxTicksPerMatch` ticks
    /// even if unfinished (it then counts for nobody).
    public static func simulate(
        levels: PerPlayer<Int>, matches: Int, seed: UInt64, surface: Surface, format: MatchFormat,
        maxTicksPerMatch: Int = 60 * 60 * 60
    ) -> SimulationReport {
        var report = SimulationReport()
        var seeds = SplitMix64(seed: seed)
        var hash = FNV1a()
        var hits = 0, bounces = 0, bounceSpeed = 0.0
        var events: [MatchEvent] = []
        events.reserveCapacity(16)
        for i in 0..<max(0, matches) {
            let matchSeed = seeds.next(), botSeed = seeds.next()
            let aSide = i % 2  // level A's player index in this match
            var botLevels = PerPlayer(levels.left, levels.right)
            if aSide == 1 { botLevels = PerPlayer(levels.right, levels.left) }
            var state = MatchState(config: MatchConfig(seed: matchSeed, format: format, surface: surface))
            var bots = PerPlayer(
                Bot(level: botLevels.left, seed: botSeed),
                Bot(level: botLevels.right, seed: botSeed ^ 0x9E37_79B9_7F4A_7C15))
            bots.left.surface = surface
            bots.right.surface = surface
            var ticks = 0
            while ticks < maxTicksPerMatch && state.phase != .matchOver {
                let view = state.view
                let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
                events.removeAll(keepingCapacity: true)
                state.step(inputs: inputs, events: &events)
                ticks += 1
                for event in events {
                    switch event {
                    case .bounce where state.bounces == 1:
                        let v = state.ball.velocity
                        bounceSpeed += (v.x * v.x + v.y * v.y).squareRoot()
                        bounces += 1
                    case .point(_, let reason):
                        report.points += 1
                        report.endings[Int(reason.rawValue)] += 1
                        hits += Int(state.rallyHits)
                    default: break
                    }
                }
            }
            report.matches += 1
            report.ticks += ticks
            hash.add(state.stateHash)
            if state.score.isOver {
                if Int(state.score.winner) == aSide { report.wins.left += 1 } else { report.wins.right += 1 }
            }
        }
        report.averageRally = report.points > 0 ? Double(hits) / Double(report.points) : 0
        report.ballSpeedAfterBounce = bounces > 0 ? bounceSpeed / Double(bounces) : 0
        report.stateHash = hash.value
        return report
    }
}
