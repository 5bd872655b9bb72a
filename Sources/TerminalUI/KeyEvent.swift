/// One key event: which key (a curses-style code, see `KeyCode`) and whether it went down,
/// repeated or came up. Terminals without the kitty keyboard protocol only ever report `.press`.
public struct KeyEvent: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        case press = 1
        case `repeat` = 2
        case release = 3
    }

    public var key: Int32
    public var kind: Kind

    public init(key: Int32, kind: Kind = .press) {
        self.key = key
        self.kind = kind
    }
}
