import ArgumentParser
import TennisClient
import TennisCore

/// Where the server is.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "The server's WebSocket URL, e.g. ws://example.org:7878.")
    var server: String = "ws://127.0.0.1:7878"

    func validate() throws {
        do {
            _ = try ServerURL.endpoint(server)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    var endpoint: String { (try? ServerURL.endpoint(server)) ?? server }
}

/// How a new match is played.
struct MatchOptions: ParsableArguments {
    @Option(help: "Match format: \(MatchFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = MatchFormat.short.rawValue

    @Option(help: "Court surface: \(Surface.all.map(\.name).joined(separator: ", ")).")
    var surface: String = Surface.hard.name

    func validate() throws {
        guard MatchFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; choose one of \(MatchFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard Surface.named(surface) != nil else {
            throw ValidationError("unknown surface '\(surface)'; choose one of \(Surface.all.map(\.name).joined(separator: ", "))")
        }
    }

    var matchFormat: MatchFormat { MatchFormat(rawValue: format) ?? .short }
    var courtSurface: Surface { Surface.named(surface) ?? .hard }
}

/// Who is playing.
struct PlayerOptions: ParsableArguments {
    @Option(help: "Your name, shown to the other player and spectators.")
    var name: String = PlayerOptions.defaultName

    static var defaultName: String {
        if let user = ProcessInfoLite.environment("USER"), !user.isEmpty { return user }
        return "Player"
    }
}
