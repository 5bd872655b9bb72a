import TennisProtocol
import ArgumentParser
import Foundation
import TennisRecords
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TennisClient

/// `tennis list`: the matches on a server.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the matches on a server.")

    @OptionGroup var server: ServerOptions

    @Flag(help: "Print the server's JSON as it is.")
    var json = false

    func run() async throws {
        let base = try ServerURL.httpBase(server.server)
        let data = try await Self.fetch(base: base)
        if json {
            print(String(decoding: data, as: UTF8.self))
            return
        }
        for line in try Self.table(data, base: base, server: server.server) { print(line) }
    }

    /// The raw JSON of `GET /api/matches`, or an error that says what went wrong.
    static func fetch(base: String) async throws -> Data {
        guard let url = URL(string: base + "/api/matches") else { throw CommandFailure("bad server URL \(base)") }
        do {
            let (body, response) = try await URLSession.shared.data(from: url)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                throw CommandFailure("the server at \(base) answered with an error")
            }
            return body
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("could not reach \(base): \(error.localizedDescription)")
        }
    }

    /// A listed match as read from a server, which may leave out what older servers did not send.
    private struct Listing: Decodable {
        var code: String
        var players: [String]
        var spectators: Int
        var state: String
        var format: String?
        var surface: String?
        var score: String?
    }

    /// The matches in a `GET /api/matches` answer, as the server's own `MatchSummary` ("?" for a
    /// format or surface it did not send, no score for none).
    static func matches(_ data: Data, base: String) throws -> [MatchSummary] {
        let listings: [Listing]
        do {
            listings = try UntrustedJSON.decode([Listing].self, from: data, gate: .serverAnswer)
        } catch {
            throw CommandFailure("the server at \(base) sent a listing this client cannot read")
        }
        return listings.map {
            MatchSummary(code: $0.code, players: $0.players, spectators: $0.spectators, state: $0.state,
                         format: $0.format ?? "?", surface: $0.surface ?? "?", score: $0.score ?? "")
        }
    }

    /// The listing as lines of a table, with the commands to join or watch.
    static func table(_ data: Data, base: String, server: String) throws -> [String] {
        let matches = try matches(data, base: base)
        if matches.isEmpty { return ["No matches on \(base). Host one with: tennis host"] }
        var lines = [pad("CODE", 8) + pad("STATE", 10) + pad("PLAYERS", 28) + pad("WATCHING", 10) + "SCORE"]
        for match in matches {
            let players = match.players.isEmpty ? "-" : match.players.joined(separator: " vs ")
            lines.append(pad(match.code, 8) + pad(match.state, 10) + pad(players, 28) + pad("\(match.spectators)", 10)
                         + match.score)
        }
        lines += ["", "Join: tennis join CODE --server \(server)", "Watch: tennis watch CODE --server \(server)",
                  "  or in a browser: \(try WatchLink.url(server: server, code: "CODE"))"]
        return lines
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }
}
