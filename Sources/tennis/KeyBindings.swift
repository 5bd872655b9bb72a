import Foundation
import TennisCore
import TerminalUI
import TennisProtocol
import TennisStore

/// Loads the match key map from a JSON file (see `assets/keys.json`): `--keys FILE`, else
/// `~/.config/terminal-tennis/keys.json`, else the shipped `assets/keys.json`, else built-in.
enum KeyBindings {
    /// The actions a file may bind, and what each does.
    static let actions: [String: KeyAction] = [
        "move_left": .move(dx: -1, dy: 0), "move_right": .move(dx: 1, dy: 0),
        "move_up": .move(dx: 0, dy: -1), "move_down": .move(dx: 0, dy: 1),
        "move_up_left": .move(dx: -1, dy: -1), "move_up_right": .move(dx: 1, dy: -1),
        "move_down_left": .move(dx: -1, dy: 1), "move_down_right": .move(dx: 1, dy: 1),
        "step_left": .step(dx: -1, dy: 0), "step_right": .step(dx: 1, dy: 0),
        "step_up": .step(dx: 0, dy: -1), "step_down": .step(dx: 0, dy: 1),
        "stop": .move(dx: 0, dy: 0), "drive": .swing(.drive), "flat": .swing(.flat), "lob": .swing(.lob),
        "slice": .swing(.slice),
        "drop": .swing(.drop), "help": .help, "quit": .quit,
    ]

    static let namedKeys: [String: Int32] = [
        "left": KeyCode.left, "right": KeyCode.right, "up": KeyCode.up, "down": KeyCode.down,
        "home": KeyCode.home, "end": KeyCode.end, "pageup": KeyCode.pageUp, "pagedown": KeyCode.pageDown,
        "space": KeyCode.space, "enter": KeyCode.lineFeed, "esc": KeyCode.escape, "tab": 9,
        "backspace": KeyCode.backspace, "ctrl-c": KeyCode.ctrlC,
        "shift-left": KeyCode.shiftLeft, "shift-right": KeyCode.shiftRight, "shift-up": KeyCode.shiftUp,
        "shift-down": KeyCode.shiftDown,
        "keypad-7": KeyCode.keypadA1, "keypad-9": KeyCode.keypadA3, "keypad-5": KeyCode.keypadB2,
        "keypad-1": KeyCode.keypadC1, "keypad-3": KeyCode.keypadC3,
    ]

    /// The key map to play with; throws with the file and the problem when a file is wrong.
    static func load(explicit path: String?) throws -> KeyMap {
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read key map \(path)")
            }
            return try parse(data, source: path)
        }
        let user = UserDirectories.path(.config, "keys.json")
        if let data = FileManager.default.contents(atPath: user) { return try parse(data, source: user) }
        if let data = Assets.data("keys.json") { return try parse(data, source: "assets/keys.json") }
        return .default
    }

    static func parse(_ data: Data, source: String) throws -> KeyMap {
        guard let object = try? UntrustedJSON.object(from: data, gate: .configFile) as? [String: Any] else {
            throw CommandFailure("\(source): not a JSON object of action → [keys]")
        }
        var bindings: [Int32: KeyAction] = [:]
        for (action, value) in object where !action.hasPrefix("_") {
            guard let meaning = actions[action] else {
                throw CommandFailure("\(source): unknown action '\(action)'; known: \(actions.keys.sorted().joined(separator: ", "))")
            }
            guard let keys = value as? [String] else { throw CommandFailure("\(source): '\(action)' must list keys") }
            for key in keys {
                guard let code = code(for: key) else { throw CommandFailure("\(source): unknown key '\(key)' for \(action)") }
                if let taken = bindings[code], taken != meaning {
                    throw CommandFailure("\(source): key '\(key)' is bound twice")
                }
                bindings[code] = meaning
            }
        }
        guard bindings.values.contains(.quit) else { throw CommandFailure("\(source): no key quits; bind 'quit'") }
        bindings[KeyCode.ctrlC] = .quit
        bindings[KeyCode.resize] = nil
        return KeyMap(bindings: bindings, hint: hint(object))
    }

    private static func code(for key: String) -> Int32? {
        if let named = namedKeys[key.lowercased()] { return named }
        let scalars = key.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.value >= 33 else { return nil }
        return Int32(scalar.value)
    }

    /// A one-line summary of the main bindings for the screen's bottom row.
    private static func hint(_ object: [String: Any]) -> String {
        func first(_ action: String) -> String {
            guard let key = (object[action] as? [String])?.first else { return "-" }
            let symbols = ["left": "←", "right": "→", "up": "↑", "down": "↓", "space": "SPACE", "enter": "ENTER"]
            return symbols[key.lowercased()] ?? key.uppercased()
        }
        let move = ["move_left", "move_up", "move_down", "move_right"].map(first).joined()
        return "\(move) move  \(first("drive")) drive  \(first("flat")) flat  \(first("lob")) lob  \(first("slice")) slice  "
            + "\(first("drop")) drop  \(first("help")) help  \(first("quit")) quit"
    }
}
