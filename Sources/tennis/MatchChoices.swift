import TennisCore
import TerminalUI

/// The choices before a practice or hosted match, asked in the menu.
@MainActor
enum MatchChoices {
    /// Formats as the menu names them, quickest first.
    static let formats: [(label: String, format: MatchFormat)] = [
        ("quick: first to 7 points", .tiebreak), ("short set: first to 4 games", .short),
        ("one set", .set), ("best of three sets", .bestOfThree),
    ]

    struct Practice {
        var level: Int
        var format: MatchFormat
        var surface: Surface
    }

    struct Host {
        var port: Int
        var isPrivate: Bool
        var format: MatchFormat
        var surface: Surface
    }

    static func practice(_ term: any TerminalDevice) async -> Practice? {
        var scene = ChoicesScene(title: "Practise against a bot", fields: [
            .choice("Bot level", (1...5).map { "\($0)" + ($0 == 1 ? " (gentle)" : $0 == 5 ? " (ruthless)" : "") },
                    selected: 1),
            .choice("Format", formats.map(\.label), selected: 1),
            .choice("Surface", SurfaceCatalog.shared.names),
        ])
        guard await ask(term, &scene) else { return nil }
        return Practice(level: scene.fields[0].selected + 1, format: formats[scene.fields[1].selected].format,
                        surface: surface(scene.value("Surface")))
    }

    static func host(_ term: any TerminalDevice) async -> Host? {
        var scene = ChoicesScene(title: "Host a match", fields: [
            .number("Port", 7878, digits: 5),
            .choice("Who may join", ["anyone (listed)", "private (invite only)"]),
            .choice("Format", formats.map(\.label), selected: 1),
            .choice("Surface", SurfaceCatalog.shared.names),
        ])
        while true {
            guard await ask(term, &scene) else { return nil }
            guard let port = Int(scene.fields[0].text), (1...65535).contains(port) else {
                scene.note = "The port must be a number from 1 to 65535"
                scene.focused = 0
                continue
            }
            return Host(port: port, isPrivate: scene.fields[1].selected == 1,
                        format: formats[scene.fields[2].selected].format, surface: surface(scene.value("Surface")))
        }
    }

    /// Hosting on the server this session is on (over ssh): no port to choose.
    static func hostHere(_ term: any TerminalDevice) async -> Host? {
        var scene = ChoicesScene(title: "Host a match on this server", fields: [
            .choice("Who may join", ["anyone (listed)", "private (invite only)"]),
            .choice("Format", formats.map(\.label), selected: 1),
            .choice("Surface", SurfaceCatalog.shared.names),
        ])
        guard await ask(term, &scene) else { return nil }
        return Host(port: 0, isPrivate: scene.fields[0].selected == 1, format: formats[scene.fields[1].selected].format,
                    surface: surface(scene.value("Surface")))
    }

    private static func surface(_ name: String?) -> Surface {
        name.flatMap { SurfaceCatalog.shared.surface(named: $0) } ?? .hard
    }

    /// Shows the form until Enter (true) or Esc (false).
    private static func ask(_ term: any TerminalDevice, _ scene: inout ChoicesScene) async -> Bool {
        while !term.hungUp {
            let (width, height) = term.size
            term.draw(ChoicesRenderer.render(scene, width: width, height: height))
            for key in term.readKeys() {
                switch scene.apply(key) {
                case .accepted: return true
                case .cancelled: return false
                case .editing: break
                }
            }
            await term.waitForInput(upTo: .milliseconds(500))
        }
        return false
    }
}
