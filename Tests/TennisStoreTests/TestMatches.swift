import Foundation
import TennisCore
import TennisRecords

/// Bot-versus-bot matches recorded as the server records them, for store tests.
enum TestMatches {
    /// Plays until the match is over or `maxTicks`, recording the inputs.
    static func replay(seed: UInt64, format: MatchFormat = .tiebreak, surface: Surface = .hard,
                       maxTicks: UInt32 = 200_000) -> (Replay, MatchState) {
        let config = MatchConfig(seed: seed, format: format, surface: surface)
        var state = MatchState(config: config)
        var bots = PerPlayer(Bot(level: 3, seed: seed &+ 1), Bot(level: 4, seed: seed &+ 2))
        var log = InputLog()
        var events: [MatchEvent] = []
        while state.phase != .matchOver, state.tick < maxTicks {
            let view = state.view
            let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
            log.record(tick: state.tick, inputs: inputs)
            events.removeAll(keepingCapacity: true)
            state.step(inputs: inputs, events: &events)
        }
        return (Replay(config: config, log: log, finalTick: state.tick, finalHash: state.stateHash), state)
    }

    /// A made-up fingerprint per name: test players have keys unless a test says otherwise.
    static func fingerprint(_ name: String) -> String? { "SHA256:test-\(name.lowercased())" }

    static func record(code: String = "ABC234", names: [String] = ["Ann", "Bob"], seed: UInt64 = 7,
                       ending: MatchEnding = .played, maxTicks: UInt32 = 200_000,
                       endedAt: Date = Date(timeIntervalSince1970: 1_800_000_000), invite: String? = nil,
                       fingerprints: [String?]? = nil) -> MatchRecord {
        let (replay, state) = replay(seed: seed, maxTicks: maxTicks)
        let winner: Int? = switch ending {
        case .played: state.score.winner >= 0 ? Int(state.score.winner) : nil
        case .forfeit: 1
        case .abandoned: nil
        }
        return MatchRecord(code: code, names: names, config: replay.config, startedAt: endedAt.addingTimeInterval(-60),
                           endedAt: endedAt, score: state.score, winner: winner, ending: ending, replay: replay,
                           invite: invite, fingerprints: fingerprints ?? names.map(Self.fingerprint))
    }
}

/// A fresh folder for one test's database.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
