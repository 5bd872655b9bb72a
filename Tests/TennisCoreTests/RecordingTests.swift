import Foundation
import Testing

@testable import TennisCore

/// A recorded bot-versus-bot match stored as text under `Recordings/` (format in `Recordings/README.md`):
///
///     # comment lines start with '#'
///     simulation-version 2
///     seed 101
///     format tiebreak
///     surface hard
///     levels 2 4
///     final-tick 6120
///     final-hash 9a3c...        (hex)
///     final-score 7-4           (Score.compactText)
///     entries
///     0 0 0 0 1                 (tick seat moveX moveY swing; swing 0 = none, else ShotKind raw value)
struct Recording: Equatable {
    var simulationVersion: UInt32
    var config: MatchConfig
    var levels: PerPlayer<Int>
    var finalTick: UInt32
    var finalHash: UInt64
    var finalScore: String
    var entries: [InputLog.Entry]

    var replay: Replay {
        Replay(config: config, log: InputLog(entries: entries), finalTick: finalTick, finalHash: finalHash,
               simulationVersion: simulationVersion)
    }

    enum ParseError: Error { case badLine(Int, String), missing(String) }

    init(simulationVersion: UInt32, config: MatchConfig, levels: PerPlayer<Int>, finalTick: UInt32, finalHash: UInt64,
         finalScore: String, entries: [InputLog.Entry]) {
        self.simulationVersion = simulationVersion
        self.config = config
        self.levels = levels
        self.finalTick = finalTick
        self.finalHash = finalHash
        self.finalScore = finalScore
        self.entries = entries
    }

    init(text: String) throws {
        var header: [String: String] = [:]
        var entries: [InputLog.Entry] = []
        var inEntries = false
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if inEntries {
                let f = line.split(separator: " ").compactMap { Int($0) }
                guard f.count == 5, f[0] >= 0, f[1] == 0 || f[1] == 1, abs(f[2]) <= 1, abs(f[3]) <= 1 else {
                    throw ParseError.badLine(number + 1, line)
                }
                let swing = f[4] == 0 ? nil : ShotKind(rawValue: UInt8(clamping: f[4]))
                guard f[4] == 0 || swing != nil else { throw ParseError.badLine(number + 1, line) }
                entries.append(InputLog.Entry(
                    tick: UInt32(f[0]), seat: UInt8(f[1]),
                    input: PlayerInput(moveX: Int8(f[2]), moveY: Int8(f[3]), swing: swing)))
            } else if line == "entries" {
                inEntries = true
            } else {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ParseError.badLine(number + 1, line) }
                header[parts[0]] = parts[1]
            }
        }
        func field(_ key: String) throws -> String {
            guard let value = header[key] else { throw ParseError.missing(key) }
            return value
        }
        let levels = try field("levels").split(separator: " ").compactMap { Int($0) }
        guard let version = UInt32(try field("simulation-version")), let seed = UInt64(try field("seed")),
              let format = MatchFormat(rawValue: try field("format")), let surface = Surface.named(try field("surface")),
              levels.count == 2, let tick = UInt32(try field("final-tick")),
              let hash = UInt64(try field("final-hash"), radix: 16)
        else { throw ParseError.missing("a valid header") }
        self.init(
            simulationVersion: version, config: MatchConfig(seed: seed, format: format, surface: surface),
            levels: PerPlayer(levels[0], levels[1]), finalTick: tick, finalHash: hash,
            finalScore: try field("final-score"), entries: entries)
    }

    var text: String {
        var out = """
            # Terminal Tennis recorded bot match: a TennisCore regression test (see README.md here).
            simulation-version \(simulationVersion)
            seed \(config.seed)
            format \(config.format.rawValue)
            surface \(config.surface.name)
            levels \(levels.left) \(levels.right)
            final-tick \(finalTick)
            final-hash \(String(finalHash, radix: 16))
            final-score \(finalScore)
            entries
            # tick seat moveX moveY swing

            """
        for e in entries {
            out += "\(e.tick) \(e.seat) \(e.input.moveX) \(e.input.moveY) \(e.input.swing?.rawValue ?? 0)\n"
        }
        return out
    }

    /// Plays bots of `levels` to the end of the match, recording the inputs as the server does.
    static func record(name: String, config: MatchConfig, levels: PerPlayer<Int>, botSeed: UInt64) -> Recording {
        var state = MatchState(config: config)
        var bots = PerPlayer(Bot(level: levels.left, seed: botSeed), Bot(level: levels.right, seed: botSeed &+ 1))
        bots.left.surface = config.surface
        bots.right.surface = config.surface
        var log = InputLog()
        var events: [MatchEvent] = []
        while state.phase != .matchOver && state.tick < 60 * 60 * 30 {
            let view = state.view
            let inputs = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
            log.record(tick: state.tick, inputs: inputs)
            events.removeAll(keepingCapacity: true)
            state.step(inputs: inputs, events: &events)
        }
        return Recording(
            simulationVersion: Replay.simulationVersion, config: config, levels: levels, finalTick: state.tick,
            finalHash: state.stateHash, finalScore: state.score.compactText, entries: log.entries)
    }

    /// The recorded matches: different seeds, levels, surfaces and formats.
    static let catalogue: [(name: String, config: MatchConfig, levels: PerPlayer<Int>, botSeed: UInt64)] = [
        ("tiebreak-hard-2v4", MatchConfig(seed: 101, format: .tiebreak, surface: .hard), PerPlayer(2, 4), 11),
        ("tiebreak-clay-5v5", MatchConfig(seed: 202, format: .tiebreak, surface: .clay), PerPlayer(5, 5), 22),
        ("short-grass-3v1", MatchConfig(seed: 303, format: .short, surface: .grass), PerPlayer(3, 1), 33),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Recordings")
}

@Suite struct RecordingTests {
    /// Set `REGENERATE_RECORDINGS=1` to rewrite the files (only after an intended simulation change,
    /// with `Replay.simulationVersion` bumped): `REGENERATE_RECORDINGS=1 swift test --filter RecordingTests`.
    @Test func regenerateWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["REGENERATE_RECORDINGS"] == "1" else { return }
        for item in Recording.catalogue {
            let recording = Recording.record(name: item.name, config: item.config, levels: item.levels, botSeed: item.botSeed)
            #expect(recording.finalScore.isEmpty == false)
            try recording.text.write(
                to: Recording.folder.appendingPathComponent("\(item.name).txt"), atomically: true, encoding: .utf8)
        }
    }

    @Test(arguments: Recording.catalogue.map(\.name))
    func recordedMatchReplaysExactly(name: String) throws {
        guard ProcessInfo.processInfo.environment["REGENERATE_RECORDINGS"] != "1" else { return }
        let url = Recording.folder.appendingPathComponent("\(name).txt")
        let recording = try Recording(text: String(contentsOf: url, encoding: .utf8))
        #expect(recording.simulationVersion == Replay.simulationVersion,
                "\(name) was recorded by simulation version \(recording.simulationVersion); regenerate (see Recordings/README.md)")
        let state = try recording.replay.verify()
        #expect(state.tick == recording.finalTick)
        #expect(state.score.compactText == recording.finalScore)
        #expect(state.phase == .matchOver && state.score.isOver)
    }

    @Test func theTextFormatRoundTrips() throws {
        let recording = Recording.record(
            name: "tiny", config: MatchConfig(seed: 9, format: .tiebreak), levels: PerPlayer(5, 1), botSeed: 3)
        let parsed = try Recording(text: recording.text)
        #expect(parsed == recording)
        #expect(try parsed.replay.verify().stateHash == recording.finalHash)
        #expect(throws: Recording.ParseError.self) { try Recording(text: "seed 1\nentries\n0 0 5 0 0\n") }
    }
}
