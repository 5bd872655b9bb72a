import TennisProtocol
import ArgumentParser
import NIOSSL
import TennisClient
import TennisServer
import TennisCore
import TerminalUI

/// Where the server is.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "The server's WebSocket URL, e.g. ws://example.org:7878 or wss://example.org.")
    var server: String = "ws://127.0.0.1:7878"

    @Option(help: "A PEM CA certificate to trust for wss:// (a private CA); default: the system's roots.")
    var ca: String?

    /// The TLS settings for wss:// (nil for ws://), or a failure naming the CA file.
    func tls() throws -> TLSConfiguration? {
        guard endpoint.hasPrefix("wss://") || ca != nil else { return nil }
        do {
            return try TLSFiles.client(trusting: ca)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

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

    @Option(help: "Court surface: \(SurfaceCatalog.shared.names.joined(separator: ", ")) (defined in assets/surfaces.json).")
    var surface: String = Surface.hard.name

    func validate() throws {
        guard MatchFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; choose one of \(MatchFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard SurfaceCatalog.shared.surface(named: surface) != nil else {
            throw ValidationError("unknown surface '\(surface)'; choose one of \(SurfaceCatalog.shared.names.joined(separator: ", "))")
        }
    }

    var matchFormat: MatchFormat { MatchFormat(rawValue: format) ?? .short }
    var courtSurface: Surface { SurfaceCatalog.shared.surface(named: surface) ?? .hard }
}

/// Who is playing.
struct PlayerOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Your name, shown to the other player and spectators (at most 16 characters).",
        discussion: "Default: the name saved in the config file (the menu asks for it on first run), else $USER."))
    var name: String?

    @Option(help: "A key map file (JSON, like assets/keys.json); default ~/.config/terminal-tennis/keys.json.")
    var keys: String?

    func validate() throws {
        do {
            _ = try KeyBindings.load(explicit: keys)
            _ = try UserConfig.load()
        } catch {
            throw ValidationError("\(error)")
        }
        if let name, PlayerName.sanitise(name) == nil { throw ValidationError("the name must have a printable character") }
    }

    /// The name to play under: --name, else the config file's, else $USER.
    var resolvedName: String {
        if let name, let clean = PlayerName.sanitise(name) { return clean }
        if let saved = (try? UserConfig.load())?.name { return saved }
        return PlayerName.sanitise(Self.defaultName) ?? "Player"
    }

    /// The key map to play with (checked in `validate`).
    var keyMap: KeyMap { (try? KeyBindings.load(explicit: keys)) ?? .default }

    static var defaultName: String {
        if let user = ProcessInfoLite.environment("USER"), !user.isEmpty { return user }
        return "Player"
    }
}
