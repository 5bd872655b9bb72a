/// What a session asked to run: the menu (a shell request) or a match straight away (an exec
/// request `watch CODE` or `join CODE`). Anything else is refused.
public enum SSHCommand: Sendable, Equatable {
    case menu
    case watch(code: String)
    case join(code: String)

    /// The longest exec command read; longer ones are refused unread.
    static let maxLength = 64

    /// Parses an exec request's command, or nil (refused) for anything but `watch CODE` and
    /// `join CODE`, where CODE is 1 to 16 letters and digits.
    public init?(exec command: String) {
        guard command.utf8.count <= Self.maxLength else { return nil }
        let words = command.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, (1...16).contains(words[1].count),
              words[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        let code = String(words[1]).uppercased()
        switch words[0] {
        case "watch": self = .watch(code: code)
        case "join": self = .join(code: code)
        default: return nil
        }
    }
}
