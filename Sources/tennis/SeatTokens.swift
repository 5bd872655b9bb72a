import Foundation
import TennisProtocol
import TennisStore

/// Remembers the seat token of each match you joined, so running the same `tennis join`
/// again after a crash or a lost connection takes the same seat back.
/// Kept in `$XDG_STATE_HOME/terminal-tennis/seats.json` (default `~/.local/state/…`), for a day.
enum SeatTokens {
    struct Entry: Codable {
        var token: String
        var saved: Date
    }

    static var file: URL { URL(fileURLWithPath: UserDirectories.path(.state, "seats.json")) }

    static func key(endpoint: String, code: String) -> String { "\(endpoint) \(code.uppercased())" }

    private static func load() -> [String: Entry] {
        guard let data = try? Data(contentsOf: file),
              let entries = try? UntrustedJSON.decode([String: Entry].self, from: data, gate: .configFile) else { return [:] }
        return entries.filter { Date().timeIntervalSince($0.value.saved) < 86_400 }
    }

    /// The token saved for this match, if any (and not older than a day).
    static func token(endpoint: String, code: String) -> String? {
        load()[key(endpoint: endpoint, code: code)]?.token
    }

    /// Saves a token; failures are ignored (the game goes on without it).
    static func save(_ token: String, endpoint: String, code: String) {
        var entries = load()
        entries[key(endpoint: endpoint, code: code)] = Entry(token: token, saved: Date())
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(entries) else { return }
        try? data.write(to: file, options: .atomic)
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
}
