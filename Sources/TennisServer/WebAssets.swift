import Foundation
import NIOCore

/// The browser pages' files (`assets/web/`, and `assets/surfaces.json` for the court colours),
/// read once when the server is built and served from memory.
///
/// Only the files named here are served, each under its own name: a request names a file, never
/// a path, so nothing else on the disk can be reached.
public struct WebAssets: Sendable {
    /// A file as it is sent: its bytes and its `Content-Type`.
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    /// The files under `/web/NAME` (scripts, style sheet, surfaces) and the two pages.
    private var files: [String: File] = [:]

    /// The pages' script modules, their style sheet and the surfaces file.
    static let servedNames = ["watch.js", "lobby.js", "protocol.js", "motion.js", "court.js", "session.js", "tennis.css",
                              "surfaces.json"]
    static let pageNames = ["watch.html", "lobby.html"]

    /// Reads every file from `assetsDirectory` (the folder holding `web/` and `surfaces.json`);
    /// throws, naming the file, when one is missing.
    public static func load(assetsDirectory: String) throws -> WebAssets {
        let root = URL(fileURLWithPath: assetsDirectory)
        var assets = WebAssets()
        for name in servedNames + pageNames {
            let url = name == "surfaces.json" ? root.appendingPathComponent(name)
                : root.appendingPathComponent("web").appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            assets.files[name] = File(bytes: ByteBuffer(bytes: data), contentType: contentType(of: name))
        }
        return assets
    }

    /// The file served as `name` (nil: not one of ours).
    func file(_ name: String) -> File? { files[name] }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
