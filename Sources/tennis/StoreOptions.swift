import ArgumentParser
import TennisStore

/// Where finished matches are kept.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The match database (SQLite); created if missing.",
        discussion: "Default: $XDG_DATA_HOME/terminal-tennis/tennis.sqlite or ~/.local/share/terminal-tennis/tennis.sqlite.",
        valueName: "path"))
    var db: String?

    /// The database path in use.
    var path: String { db ?? StoreLocation.defaultPath() }

    /// Opens (creating if needed) the database, or fails with a sentence saying why.
    func open() throws -> MatchStore {
        do {
            return try MatchStore(path: path)
        } catch {
            throw CommandFailure("\(error)\(db == nil ? " (choose another file with --db PATH)" : "")")
        }
    }
}
