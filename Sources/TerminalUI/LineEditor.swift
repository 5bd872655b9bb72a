/// One line of text typed key by key: printable keys append (up to `limit` characters),
/// Backspace deletes, Enter accepts, Esc cancels. A suggested starting text is selected: the
/// first key typed replaces it and Backspace clears it, as in any text field.
public struct LineEditor: Sendable, Equatable {
    public enum Outcome: Equatable, Sendable {
        case editing
        case accepted(String)
        case cancelled
    }

    public private(set) var text: String
    public let limit: Int
    private var pristine: Bool

    public init(text: String = "", limit: Int) {
        self.text = text
        self.limit = limit
        pristine = !text.isEmpty
    }

    public mutating func apply(_ key: Int32) -> Outcome {
        switch key {
        case KeyCode.escape:
            return .cancelled
        case KeyCode.lineFeed, KeyCode.carriageReturn, KeyCode.enter:
            return .accepted(text)
        case KeyCode.backspace, KeyCode.delete, 8:
            if pristine { text = "" } else if !text.isEmpty { text.removeLast() }
            pristine = false
        default:
            if let scalar = KeyCode.character(key) {
                if pristine { text = "" }
                pristine = false
                if text.count < limit { text.unicodeScalars.append(scalar) }
            }
        }
        return .editing
    }
}
