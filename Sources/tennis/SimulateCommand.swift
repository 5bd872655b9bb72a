import ArgumentParser
import Foundation
import TennisCore

/// `tennis simulate`: bot-vs-bot matches at full speed, no server, no terminal.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Play bot-vs-bot matches at full speed and print one JSON line of results.",
        discussion: """
            Prints {"matches":N,"wins":[a,b],"avg_rally":x,"ball_speed_after_bounce":y,"state_hash":"..."}: wins per bot \
            as listed in --bots (they swap sides every match), hits per point, the mean horizontal ball speed just after \
            a shot's first bounce (m/s of game time), and a hash over every final state (same seed, same hash).
            """)

    @Option(help: "The two bot levels, e.g. 3,5.")
    var bots: String = "3,3"

    @Option(help: "How many matches.")
    var matches: Int = 10

    @Option(help: "Seed for the whole run.")
    var seed: UInt64 = 1

    @OptionGroup var match: MatchOptions

    func validate() throws {
        guard levels != nil else { throw ValidationError("--bots takes two levels from 1 to 5, like 3,5") }
        guard (1...100_000).contains(matches) else { throw ValidationError("--matches must be between 1 and 100000") }
    }

    private var levels: PerPlayer<Int>? {
        let parts = bots.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let a = parts[0], let b = parts[1], (1...5).contains(a), (1...5).contains(b) else {
            return nil
        }
        return PerPlayer(a, b)
    }

    func run() async throws {
        guard let levels else { return }
        let report = Simulation.simulate(levels: levels, matches: matches, seed: seed, surface: match.courtSurface,
                                         format: match.matchFormat)
        struct Output: Encodable {
            var matches: Int
            var wins: [Int]
            var avg_rally: Double
            var ball_speed_after_bounce: Double
            var state_hash: String
            var points: Int
        }
        let hash = String(report.stateHash, radix: 16)
        let output = Output(matches: report.matches, wins: [report.wins.left, report.wins.right],
                            avg_rally: (report.averageRally * 100).rounded() / 100,
                            ball_speed_after_bounce: (report.ballSpeedAfterBounce * 100).rounded() / 100,
                            state_hash: String(repeating: "0", count: 16 - hash.count) + hash, points: report.points)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }
}
