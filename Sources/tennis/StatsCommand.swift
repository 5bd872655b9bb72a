import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TennisIdentity
import TennisProtocol
import TennisServer
import TennisStore
import TennisRecords

/// `tennis stats`: players' records and ratings.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show players' wins, losses, points on serve and return, aces, longest rally and Elo rating.",
        discussion: """
            Ratings are Elo: everyone starts at 1500, K = 32, moved by matches played out or forfeited (not abandoned). \
            Private matches count in nobody's record (tennis history lists them, tennis replay plays them). \
            --json prints an array of players ({name, rating, matches, wins, losses, points_won, points_played, \
            serve_points, serve_points_won, return_points, return_points_won, aces, double_faults, longest_rally, \
            recent, and fingerprint: the key that holds the name); with --player, one such object with its recent \
            matches. Only matches between two players with keys are rated (tennis whoami). \
            Reads this machine's SQLite file (--db). With --server and --player it reads the player's record from \
            a server instead (GET /api/players/NAME); on a node of a cluster (tennis serve --directory) that is \
            every node's matches, while each node's own --db file holds only the matches it hosted.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this player (case-insensitive), with their recent matches.")
    var player: String?

    @Option(help: "With --player: read the record from this server (ws://host:port) instead of the database; a cluster node answers for the whole cluster.")
    var server: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard let server else { return }
        guard player != nil else { throw ValidationError("--server needs --player (a server answers for one player)") }
        do { _ = try ServerURL.httpBase(server) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        if let player {
            let profile: PlayerProfile
            if let server {
                profile = try await Self.fetch(player, from: server)
            } else {
                guard let stored = try await store.open().player(name: player) else {
                    throw CommandFailure("no matches recorded for \(player) in \(store.path)")
                }
                profile = stored
            }
            if json {
                print(String(decoding: try HistoryJSON.encoder().encode(profile), as: UTF8.self))
            } else {
                print(Self.table([profile]))
                if let holder = Self.holder(profile) { print(holder) }
                if !profile.recent.isEmpty { print("\nRecent matches:\n" + HistoryCommand.table(profile.recent)) }
            }
            return
        }
        let players = try await store.open().players()
        if json {
            print(String(decoding: try HistoryJSON.encoder().encode(players), as: UTF8.self))
        } else if players.isEmpty {
            print("No matches recorded in \(store.path).")
        } else {
            print(Self.table(players))
        }
    }

    /// A player's record from a server's history route.
    static func fetch(_ player: String, from server: String) async throws -> PlayerProfile {
        let body = try await fetchHistory("/api/players/\(player.pathSegment)", from: server) {
            "\(server) has no record of \(player): \($0)"
        }
        do {
            return try UntrustedJSON.decode(PlayerProfile.self, from: body, gate: .serverAnswer, decoder: HistoryJSON.decoder())
        } catch {
            throw CommandFailure("\(server) sent a record this client cannot read: \(error)")
        }
    }

    /// Which key holds the player's name, and whether it is this user's; nil when unclaimed (or
    /// when a server sent something that is not a fingerprint: it is never printed).
    static func holder(_ profile: PlayerProfile) -> String? {
        guard let fingerprint = profile.fingerprint, HelloIdentity.isFingerprint(fingerprint) else { return nil }
        let file = LocalIdentity.path()
        let mine = FileManager.default.fileExists(atPath: file) && (try? KeyFile.load(file))?.fingerprint == fingerprint
        return "The name is held by the key \(fingerprint)\(mine ? " (yours: tennis whoami)" : "")."
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
