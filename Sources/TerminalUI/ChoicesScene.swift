/// A short form before a match starts: each field a choice among values (← → to change) or a
/// number typed in (digits, Backspace). Pure: `apply(key)` edits it, `ChoicesRenderer` draws it.
public struct ChoicesScene: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        public var label: String
        /// The values to cycle through; empty for a number typed in.
        public var values: [String]
        public var selected: Int
        /// A number field's text (digits only, at most `digits` of them).
        public var text: String
        public var digits: Int

        public static func choice(_ label: String, _ values: [String], selected: Int = 0) -> Field {
            Field(label: label, values: values, selected: max(0, min(values.count - 1, selected)), text: "", digits: 0)
        }

        public static func number(_ label: String, _ value: Int, digits: Int) -> Field {
            Field(label: label, values: [], selected: 0, text: String(value), digits: digits)
        }

        public var value: String { values.isEmpty ? text : values[selected] }
    }

    public enum Outcome: Equatable, Sendable {
        case editing
        case accepted
        case cancelled
    }

    public var title: String
    public var fields: [Field]
    public var focused = 0
    /// A line under the fields (e.g. what is wrong with a number).
    public var note: String?

    public init(title: String, fields: [Field]) {
        self.title = title
        self.fields = fields
    }

    public func value(_ label: String) -> String? { fields.first { $0.label == label }?.value }

    public mutating func apply(_ key: Int32) -> Outcome {
        note = nil
        switch key {
        case KeyCode.up: focused = (focused + fields.count - 1) % fields.count
        case KeyCode.down, 9: focused = (focused + 1) % fields.count
        case KeyCode.left: step(-1)
        case KeyCode.right, KeyCode.space: step(1)
        case KeyCode.enter, KeyCode.carriageReturn, KeyCode.lineFeed: return .accepted
        case KeyCode.escape, KeyCode.ctrlC, KeyCode.char("q"), KeyCode.char("Q"): return .cancelled
        case KeyCode.backspace, KeyCode.delete, 8:
            if fields[focused].values.isEmpty { fields[focused].text = String(fields[focused].text.dropLast()) }
        case KeyCode.char("0")...KeyCode.char("9"):
            var field = fields[focused]
            if field.values.isEmpty, field.text.count < field.digits {
                field.text.append(Character(UnicodeScalar(UInt8(key))))
                fields[focused] = field
            }
        default: break
        }
        return .editing
    }

    private mutating func step(_ by: Int) {
        var field = fields[focused]
        guard !field.values.isEmpty else { return }
        field.selected = (field.selected + by + field.values.count) % field.values.count
        fields[focused] = field
    }
}

public enum ChoicesRenderer {
    public static func render(_ scene: ChoicesScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let top = max(1, (height - scene.fields.count * 2 - 6) / 2)
        screen.putCentred(y: top, scene.title, style: Style(bold: true))
        screen.putCentred(y: top + 1, String(repeating: "─", count: scene.title.count), style: Style(fg: .yellow))
        let labelWidth = (scene.fields.map(\.label.count).max() ?? 0) + 2
        let valueWidth = 34
        let left = max(0, (width - labelWidth - valueWidth) / 2)
        for (index, field) in scene.fields.enumerated() {
            let row = top + 3 + index * 2
            let focused = index == scene.focused
            let shown = field.values.isEmpty ? field.text + (focused ? "▏" : "") : "◀ \(field.value) ▶"
            screen.put(x: left, y: row, field.label, style: Style(bold: focused))
            screen.put(x: left + labelWidth, y: row, String(shown.prefix(valueWidth)),
                       style: focused ? Style(bold: true, reverse: true) : Style())
        }
        if let note = scene.note { screen.putCentred(y: top + 3 + scene.fields.count * 2, note, style: Style(fg: .red)) }
        screen.putCentred(y: height - 1, "↑↓ field   ←→ change   Enter start   Esc back", style: Style(dim: true))
        return screen
    }
}
