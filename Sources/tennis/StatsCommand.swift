import ArgumentParser
import Foundation
import TennisServer
import TennisStore

/// `tennis stats`: players' records and ratings.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show players' wins, losses, points on serve and return, aces, longest rally and Elo rating.",
        discussion: """
            Ratings are Elo: everyone starts at 1500, K = 32, moved by matches played out or forfeited (not abandoned). \
            --json prints an array of players ({name, rating, matches, wins, losses, points_won, points_played, \
            serve_points, serve_points_won, return_points, return_points_won, aces, double_faults, longest_rally, \
            recent}); with --player, one such object with its recent matches.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this player (case-insensitive), with their recent matches.")
    var player: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let database = try store.open()
        if let player {
            guard let profile = try await database.player(name: player) else {
                throw CommandFailure("no matches recorded for \(player) in \(store.path)")
            }
            if json {
                print(String(decoding: try HistoryJSON.encoder().encode(profile), as: UTF8.self))
            } else {
                print(Self.table([profile]))
                if !profile.recent.isEmpty { print("\nRecent matches:\n" + HistoryCommand.table(profile.recent)) }
            }
            return
        }
        let players = try await database.players()
        if json {
            print(String(decoding: try HistoryJSON.encoder().encode(players), as: UTF8.self))
        } else if players.isEmpty {
            print("No matches recorded in \(store.path).")
        } else {
            print(Self.table(players))
        }
    }

    static func table(_ players: [PlayerProfile]) -> String {
        let rows = players.map { p in
            [p.name, String(Int(p.rating.rounded())), String(p.matches), String(p.wins), String(p.losses),
             ratio(p.servePointsWon, p.servePoints), ratio(p.returnPointsWon, p.returnPoints), String(p.aces),
             String(p.longestRally)]
        }
        return TextTable.render(
            header: ["PLAYER", "RATING", "MATCHES", "W", "L", "SERVE PTS WON", "RETURN PTS WON", "ACES", "LONGEST RALLY"],
            rows: rows)
    }

    private static func ratio(_ won: Int, _ played: Int) -> String {
        guard played > 0 else { return "-" }
        return "\(won)/\(played) (\(Int((Double(won) * 100 / Double(played)).rounded()))%)"
    }
}
