import Foundation

/// Where the match database lives by default, and making its folder.
public enum StoreLocation {
    /// `$XDG_DATA_HOME/terminal-tennis/tennis.sqlite`, else `~/.local/share/terminal-tennis/tennis.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.path(.data, "tennis.sqlite", environment: environment)
    }

    /// Creates the folder that will hold `path`, with a clear error when it cannot.
    static func prepare(_ path: String) throws(StoreError) {
        guard !path.isEmpty else { throw StoreError("the database path is empty") }
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError("\(path) is a folder; give the path of a database file, e.g. \(path)/tennis.sqlite")
        }
        guard !folder.isEmpty else { return }
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError("cannot create the database: \(folder) is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the folder \(folder) for the database: \(error.localizedDescription)")
        }
    }
}
