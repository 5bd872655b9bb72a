import Foundation
import TennisProtocol
import TennisStore

/// The player's saved settings: `$XDG_CONFIG_HOME/terminal-tennis/config.json`, else
/// `~/.config/terminal-tennis/config.json`, e.g. `{"name": "Ann", "colour": "16", "bell": true}`.
/// A missing file is an empty config; a file that is there but wrong is an error naming the
/// file and the problem (never a crash, never silently ignored).
struct UserConfig: Equatable, Sendable {
    var name: String?
    var colour: String?
    var ascii: Bool?
    var bell: Bool?

    static let keys = ["name", "colour", "ascii", "bell"]

    /// The config file's path for this environment.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.path(.config, "config.json", environment: environment)
    }

    /// The config at the default path (empty when there is no file).
    static func load() throws -> UserConfig {
        let file = path()
        guard FileManager.default.fileExists(atPath: file) else { return UserConfig() }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read the config file \(file)")
        }
        return try parse(data, source: file)
    }

    /// Reads a config file's contents; `source` names it in errors.
    static func parse(_ data: Data, source: String) throws -> UserConfig {
        let object: Any
        do {
            object = try UntrustedJSON.object(from: data, gate: .configFile)
        } catch {
            throw CommandFailure("config file \(source) is not valid JSON; fix or delete it")
        }
        guard let fields = object as? [String: Any] else {
            throw CommandFailure("config file \(source) must hold a JSON object like {\"name\": \"Ann\"}")
        }
        if let unknown = fields.keys.sorted().first(where: { !$0.hasPrefix("_") && !keys.contains($0) }) {
            throw CommandFailure("config file \(source): unknown setting \"\(unknown)\"; known: \(keys.joined(separator: ", "))")
        }
        struct Fields: Decodable {
            var name: String?
            var colour: String?
            var ascii: Bool?
            var bell: Bool?
        }
        let typed: Fields
        do {
            typed = try UntrustedJSON.decode(Fields.self, from: data, gate: .configFile)
        } catch DecodingError.typeMismatch(_, let context) {
            let key = context.codingPath.first?.stringValue ?? "?"
            let wanted = key == "ascii" || key == "bell" ? "true or false" : "a string"
            throw CommandFailure("config file \(source): \"\(key)\" must be \(wanted)")
        } catch {
            throw CommandFailure("config file \(source) could not be read: \(error)")
        }
        var config = UserConfig(name: nil, colour: typed.colour, ascii: typed.ascii, bell: typed.bell)
        if let text = typed.name {
            guard let name = PlayerName.sanitise(text) else {
                throw CommandFailure("config file \(source): \"name\" must have a printable character")
            }
            config.name = name
        }
        if let colour = typed.colour, DisplayOptions.preference(colour) == nil {
            throw CommandFailure("config file \(source): \"colour\" must be one of auto, 256, 16, mono (not '\(colour)')")
        }
        return config
    }

    /// Writes the config (creating its folder), keeping it readable by hand.
    func save(to file: String = UserConfig.path()) throws {
        var fields: [String: Any] = [:]
        if let name { fields["name"] = name }
        if let colour { fields["colour"] = colour }
        if let ascii { fields["ascii"] = ascii }
        if let bell { fields["bell"] = bell }
        do {
            let folder = (file as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw CommandFailure("cannot save the config file \(file): \(error.localizedDescription)")
        }
    }
}

/// Player names as typed: control and format characters removed, trimmed, at most 16 characters.
enum PlayerName {
    static let maxLength = 16

    /// The cleaned name, or nil when nothing printable is left.
    static func sanitise(_ text: String) -> String? {
        let clean = WireProtocol.sanitise(text, limit: maxLength)
        return clean.isEmpty ? nil : clean
    }
}
