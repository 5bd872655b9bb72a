import ArgumentParser
import TerminalUI

/// How screens are drawn: colours, ASCII, the bell. Each option falls back to the
/// environment (`TENNIS_COLOUR`), then the config file, then detection from the terminal.
struct DisplayOptions: ParsableArguments {
    @Option(name: [.customLong("colour"), .customLong("color")], help: ArgumentHelp(
        "Colours: auto, 256, 16 or mono.",
        discussion: "auto (the default) asks the terminal how many colours it has; a non-empty NO_COLOR turns colour off. Also set by TENNIS_COLOUR or \"colour\" in the config file.",
        valueName: "mode"))
    var colour: String?

    @Flag(help: "Draw with ASCII only (the default when the locale is not UTF-8).")
    var ascii = false

    @Flag(help: "Ring the terminal bell when a point is decided.")
    var bell = false

    func validate() throws {
        if let colour, Self.preference(colour) == nil {
            throw ValidationError("unknown colour mode '\(colour)'; choose auto, 256, 16 or mono")
        }
        if let env = ProcessInfoLite.environment("TENNIS_COLOUR"), !env.isEmpty, Self.preference(env) == nil {
            throw ValidationError("TENNIS_COLOUR='\(env)' is not a colour mode; choose auto, 256, 16 or mono")
        }
        do { _ = try UserConfig.load() } catch { throw ValidationError("\(error)") }
    }

    /// "auto", "256", "16", "mono" (also "none", "8" and "colour256"-style spellings).
    static func preference(_ text: String) -> ColourMode.Preference? {
        switch text.lowercased() {
        case "auto": .auto
        case "256", "colour256", "color256": .colour256
        case "16", "8", "colour16", "color16": .colour16
        case "mono", "none", "monochrome": .mono
        default: nil
        }
    }

    /// The preferences from the flags, the environment and `config`, in that order.
    func preferences(config: UserConfig) -> TerminalPreferences {
        let env = ProcessInfoLite.environment("TENNIS_COLOUR").flatMap { $0.isEmpty ? nil : $0 }
        let choice = colour ?? env ?? config.colour
        return TerminalPreferences(colour: choice.flatMap(Self.preference) ?? .auto,
                                   ascii: ascii || config.ascii == true, bell: bell || config.bell == true)
    }

    /// Makes every terminal started from now on use these preferences.
    func apply() async {
        let preferences = preferences(config: (try? UserConfig.load()) ?? UserConfig())
        await MainActor.run { Terminal.preferences = preferences }
    }
}
