import Foundation
import TennisCore
import TerminalUI
import TennisProtocol

/// The court surfaces from `assets/surfaces.json` (physics and colour), or the built-in
/// presets when the file is missing. A file that is present but wrong is an error, not ignored.
struct SurfaceCatalog: Sendable {
    struct Entry: Sendable {
        var surface: Surface
        var colour: TermColor
        /// The xterm 256-colour shade, for terminals that have it.
        var colour256: UInt8? = nil
    }

    var entries: [Entry]

    struct File: Decodable {
        struct Item: Decodable {
            var name: String
            var restitution: Double
            var horizontal_retention: Double
            var colour: String?
            var colour256: Int?
        }
        var surfaces: [Item]
    }

    static let builtIn = SurfaceCatalog(entries: [
        Entry(surface: .hard, colour: .blue, colour256: 25), Entry(surface: .clay, colour: .red, colour256: 130),
        Entry(surface: .grass, colour: .green, colour256: 28),
    ])

    /// The catalog from the assets folder (once per process).
    static let shared: SurfaceCatalog = {
        guard let data = Assets.data("surfaces.json") else { return builtIn }
        do {
            return try parse(data)
        } catch {
            FileHandle.standardError.write(Data("warning: assets/surfaces.json ignored: \(error)\n".utf8))
            return builtIn
        }
    }()

    /// Reads a surfaces file, checking every number is physically sensible.
    static func parse(_ data: Data) throws -> SurfaceCatalog {
        let file: File
        do {
            file = try UntrustedJSON.decode(File.self, from: data, gate: .configFile)
        } catch {
            throw CommandFailure("surfaces file is not valid: \(error)")
        }
        guard !file.surfaces.isEmpty else { throw CommandFailure("surfaces file lists no surfaces") }
        var entries: [Entry] = []
        for item in file.surfaces {
            let name = item.name.lowercased()
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw CommandFailure("surface name '\(item.name)' must be letters")
            }
            guard (0.3...0.95).contains(item.restitution) else {
                throw CommandFailure("surface \(name): restitution \(item.restitution) is outside 0.3–0.95")
            }
            guard (0.2...1.0).contains(item.horizontal_retention) else {
                throw CommandFailure("surface \(name): horizontal_retention \(item.horizontal_retention) is outside 0.2–1")
            }
            if let rich = item.colour256, !(0...255).contains(rich) {
                throw CommandFailure("surface \(name): colour256 \(rich) is outside 0–255 (an xterm palette index)")
            }
            let rich = item.colour256.map { UInt8($0) }
            // Without a basic colour, a 256-colour shade degrades to the nearest of the basic ones.
            let colour = item.colour.map(TermColor.named) ?? (rich.map(TermColor.nearest(toXterm:)) ?? .green)
            guard let colour else { throw CommandFailure("surface \(name): unknown colour '\(item.colour ?? "")'") }
            entries.append(Entry(surface: Surface(name: name, restitution: item.restitution,
                                                  horizontalRetention: item.horizontal_retention), colour: colour,
                                 colour256: rich))
        }
        return SurfaceCatalog(entries: entries)
    }

    var names: [String] { entries.map(\.surface.name) }

    func surface(named name: String) -> Surface? {
        entries.first { $0.surface.name == name.lowercased() }?.surface
    }

    func colour(for name: String) -> TermColor? {
        entries.first { $0.surface.name == name.lowercased() }?.colour
    }

    func colour256(for name: String) -> UInt8? {
        entries.first { $0.surface.name == name.lowercased() }?.colour256
    }
}

extension TermColor {
    /// The colour with this name (black, red, green, yellow, blue, magenta, cyan, white).
    static func named(_ name: String) -> TermColor? {
        allCases.first { "\($0)" == name.lowercased() && $0 != .default }
    }
}
