import ArgumentParser
import Foundation
import TennisServer
import TennisStore
import TennisRecords

/// `tennis history`: the latest finished matches.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List finished matches, newest first.",
        discussion: """
            Text: one line per match (id, end time, players, score by set, winner, how it ended). \
            --json prints a JSON array of {id, code, players, format, surface, started, ended, score, sets, winner, \
            ending, points, longest_rally, stats}; "ended" is the end time (ISO 8601), "ending" is played, forfeit \
            or abandoned, "winner" is a name or null. Private matches are listed too (this is your own file). \
            Replay one with: tennis replay ID. \
            Reads this machine's SQLite file (--db). A node of a cluster (tennis serve --directory) keeps there only \
            the matches it hosted; the whole cluster's are on every node's HTTP API (GET /api/matches/ID, \
            /api/players/NAME): tennis stats --player NAME --server URL shows a player's record and recent matches, \
            tennis replay CODE --server URL plays one back.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Only matches this player played (case-insensitive).")
    var player: String?

    @Option(help: "How many matches to show.")
    var limit: Int = 20

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
    }

    func run() async throws {
        let matches = try await store.open().recentMatches(player: player, limit: limit, includingPrivate: true)
        if json {
            print(String(decoding: try HistoryJSON.encoder().encode(matches), as: UTF8.self))
            return
        }
        guard !matches.isEmpty else {
            print(player.map { "No finished matches for \($0) in \(store.path)." } ?? "No finished matches in \(store.path).")
            return
        }
        print(Self.table(matches))
    }

    static func table(_ matches: [HistoryMatch]) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var anyAnonymous = false
        let rows = matches.map { match in
            let players = match.players.enumerated().map { seat, name in
                // A player without a key: the match counted for nobody's rating.
                guard seat < match.stats.count, match.stats[seat].fingerprint == nil else { return name }
                anyAnonymous = true
                return name + " (anon)"
            }
            return [String(match.id), formatter.string(from: match.ended), match.code, players.joined(separator: " v "),
                    match.score, match.winner ?? "-", match.ending]
        }
        let table = TextTable.render(header: ["ID", "ENDED", "CODE", "PLAYERS", "SCORE", "WINNER", "HOW"], rows: rows)
        return anyAnonymous ? table + "\n(anon): played without a key (tennis whoami), so the match was not rated" : table
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ",
                                                                          startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
