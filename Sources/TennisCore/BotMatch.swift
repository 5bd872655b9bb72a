/// Headless bot-versus-bot matches, for simulation and tests.
extension MatchState {
    /// Plays a whole match between two bots of `levels` (seeded from `botSeed`) for at most
    /// `maxTicks` ticks. Returns the final state, the ticks stepped and the points played.
    public static func playBotMatch(
        config: MatchConfig, levels: PerPlayer<Int>, botSeed: UInt64, maxTicks: Int
    ) -> (state: MatchState, ticks: Int, points: Int) {
        var state = MatchState(config: config)
        var bots = PerPlayer(
            Bot(level: levels.left, seed: botSeed),
            Bot(level: levels.right, seed: botSeed ^ 0x9E37_79B9_7F4A_7C15))
        bots.left.surface = config.surface
        bots.right.surface = config.surface
        var events: [MatchEvent] = []
        events.reserveCapacity(16)
        var ticks = 0
        var points = 0
        while ticks < maxTicks && state.phase != .matchOver {
            let view = state.view
            let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
            events.removeAll(keepingCapacity: true)
            state.step(inputs: inputs, events: &events)
            ticks += 1
            for event in events {
                if case .point = event { points += 1 }
            }
        }
        return (state, ticks, points)
    }
}
