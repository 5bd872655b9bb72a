import Foundation

/// Finds the files in `assets/` (surfaces, key map) wherever the binary was started from:
/// `$TENNIS_ASSETS`, then beside an installed binary (`PREFIX/share/terminal-tennis`), then the
/// source tree this binary was built from. Callers fall back to built-in defaults when none is found.
enum Assets {
    static let directory: URL? = {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["TENNIS_ASSETS"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        // The running binary itself (/proc/self/exe on Linux): argv[0] is only "tennis" when found through PATH.
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath()
        let binDirectory = executable.deletingLastPathComponent()
        candidates.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/terminal-tennis"))
        candidates.append(binDirectory.appendingPathComponent("assets"))
        // Sources/tennis/Assets.swift → the repository's assets/.
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("assets")
        candidates.append(sourceTree)
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("surfaces.json").path) }
    }()

    /// The contents of `assets/NAME`, if the folder was found.
    static func data(_ name: String) -> Data? {
        guard let directory else { return nil }
        return try? Data(contentsOf: directory.appendingPathComponent(name))
    }
}
