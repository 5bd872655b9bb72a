import TennisCore

/// What a key press asks for, in a match or in a menu.
public enum KeyAction: Equatable, Sendable {
    /// Move in court/screen directions (-1, 0 or +1 each); `move(dx: 0, dy: 0)` means stop.
    case move(dx: Int8, dy: Int8)
    /// A short step (`HeldDirection.stepSeconds` of running) in a direction, for fine
    /// positioning on terminals where a plain press runs for the auto-repeat delay.
    case step(dx: Int8, dy: Int8)
    case swing(ShotKind)
    case quit
    case help
    case up
    case down
    case select
    case back
}

/// Key codes as curses reports them, without importing curses: function keys are the
/// `KEY_*` values (256 and up), characters are their Unicode scalar values.
public enum KeyCode {
    public static let down: Int32 = 258
    public static let up: Int32 = 259
    public static let left: Int32 = 260
    public static let right: Int32 = 261
    public static let home: Int32 = 262
    public static let backspace: Int32 = 263
    /// Shift+arrows (curses' KEY_SF, KEY_SR, KEY_SLEFT, KEY_SRIGHT).
    public static let shiftDown: Int32 = 336
    public static let shiftUp: Int32 = 337
    public static let shiftLeft: Int32 = 393
    public static let shiftRight: Int32 = 402
    public static let pageDown: Int32 = 338
    public static let pageUp: Int32 = 339
    public static let enter: Int32 = 343
    /// Keypad upper left, upper right, centre, lower left, lower right.
    public static let keypadA1: Int32 = 348
    public static let keypadA3: Int32 = 349
    public static let keypadB2: Int32 = 350
    public static let keypadC1: Int32 = 351
    public static let keypadC3: Int32 = 352
    public static let end: Int32 = 360
    /// Sent by curses when the terminal changes size.
    public static let resize: Int32 = 410
    public static let ctrlC: Int32 = 3
    public static let lineFeed: Int32 = 10
    public static let carriageReturn: Int32 = 13
    public static let escape: Int32 = 27
    public static let space: Int32 = 32
    public static let delete: Int32 = 127

    /// Curses' function keys (`KEY_MIN`…`KEY_MAX`) share their numbers with the characters
    /// U+0100–U+01FF (ą, ł, ő…): such a character is reported as its scalar plus this offset,
    /// so an arrow key is never taken for a letter, nor a letter for an arrow.
    public static let functionKeyRange: Range<Int32> = 256..<512
    public static let shiftedCharacterOffset: Int32 = 0x20_0000

    /// The code of a character key.
    public static func char(_ scalar: Unicode.Scalar) -> Int32 {
        let value = Int32(scalar.value)
        return functionKeyRange.contains(value) ? value + shiftedCharacterOffset : value
    }

    /// The character a key code stands for (nil: a function key or a control code).
    public static func character(_ key: Int32) -> Unicode.Scalar? {
        if key >= shiftedCharacterOffset { return Unicode.Scalar(UInt32(key - shiftedCharacterOffset)) }
        guard key >= 32, key != delete, !functionKeyRange.contains(key), key < 0x11_0000 else { return nil }
        return Unicode.Scalar(UInt32(key))
    }
}

/// Which action each key code triggers, plus the one-line hint that explains it.
public struct KeyMap: Sendable {
    public var bindings: [Int32: KeyAction]
    /// A short summary for the bottom line of the screen.
    public var hint: String

    public init(bindings: [Int32: KeyAction], hint: String) {
        self.bindings = bindings
        self.hint = hint
    }

    /// The action bound to `key`, if any.
    public func action(for key: Int32) -> KeyAction? { bindings[key] }

    /// The actions for a batch of keys, unbound keys dropped, order kept.
    public func actions(for keys: [Int32]) -> [KeyAction] { keys.compactMap { bindings[$0] } }

    /// In a match: arrows/WASD move (Home/PgUp/End/PgDn and keypad 7/9/1/3 move diagonally,
    /// X or keypad 5 stops, Shift+arrows take a short step), SPACE/J drive, K lob, L slice, I or ; drop, ? help,
    /// Q or Ctrl-C quit, Esc back, Enter select.
    public static let `default`: KeyMap = {
        var b: [Int32: KeyAction] = [:]
        func bind(_ characters: String, _ action: KeyAction) {
            for scalar in characters.unicodeScalars { b[KeyCode.char(scalar)] = action }
        }
        b[KeyCode.left] = .move(dx: -1, dy: 0)
        b[KeyCode.right] = .move(dx: 1, dy: 0)
        b[KeyCode.up] = .move(dx: 0, dy: -1)
        b[KeyCode.down] = .move(dx: 0, dy: 1)
        b[KeyCode.home] = .move(dx: -1, dy: -1)
        b[KeyCode.pageUp] = .move(dx: 1, dy: -1)
        b[KeyCode.end] = .move(dx: -1, dy: 1)
        b[KeyCode.pageDown] = .move(dx: 1, dy: 1)
        b[KeyCode.keypadA1] = .move(dx: -1, dy: -1)
        b[KeyCode.keypadA3] = .move(dx: 1, dy: -1)
        b[KeyCode.keypadC1] = .move(dx: -1, dy: 1)
        b[KeyCode.keypadC3] = .move(dx: 1, dy: 1)
        b[KeyCode.keypadB2] = .move(dx: 0, dy: 0)
        b[KeyCode.shiftLeft] = .step(dx: -1, dy: 0)
        b[KeyCode.shiftRight] = .step(dx: 1, dy: 0)
        b[KeyCode.shiftUp] = .step(dx: 0, dy: -1)
        b[KeyCode.shiftDown] = .step(dx: 0, dy: 1)
        bind("aA4", .move(dx: -1, dy: 0))
        bind("dD6", .move(dx: 1, dy: 0))
        bind("wW8", .move(dx: 0, dy: -1))
        bind("sS2", .move(dx: 0, dy: 1))
        bind("7", .move(dx: -1, dy: -1))
        bind("9", .move(dx: 1, dy: -1))
        bind("1", .move(dx: -1, dy: 1))
        bind("3", .move(dx: 1, dy: 1))
        bind("xX5", .move(dx: 0, dy: 0))
        bind(" jJ", .swing(.drive))
        bind("kK", .swing(.lob))
        bind("lL", .swing(.slice))
        bind("iI;", .swing(.drop))
        bind("fF", .swing(.flat))
        bind("qQ", .quit)
        b[KeyCode.ctrlC] = .quit
        bind("?hH", .help)
        b[KeyCode.escape] = .back
        b[KeyCode.lineFeed] = .select
        b[KeyCode.carriageReturn] = .select
        b[KeyCode.enter] = .select
        return KeyMap(
            bindings: b,
            hint: "←↑↓→/WASD move  SPACE/J drive  F flat  K lob  L slice  I drop  ? help  Q quit"
        )
    }()

    /// In menus: arrows, W/S and K/J move the selection, Enter/SPACE select, Esc/Backspace back,
    /// Q or Ctrl-C quit, ? help.
    public static let menu: KeyMap = {
        var b: [Int32: KeyAction] = [:]
        func bind(_ characters: String, _ action: KeyAction) {
            for scalar in characters.unicodeScalars { b[KeyCode.char(scalar)] = action }
        }
        b[KeyCode.up] = .up
        b[KeyCode.down] = .down
        b[KeyCode.left] = .back
        b[KeyCode.right] = .select
        bind("wWkK8", .up)
        bind("sSjJ2", .down)
        b[KeyCode.lineFeed] = .select
        b[KeyCode.carriageReturn] = .select
        b[KeyCode.enter] = .select
        b[KeyCode.space] = .select
        b[KeyCode.escape] = .back
        b[KeyCode.backspace] = .back
        b[KeyCode.delete] = .back
        bind("qQ", .quit)
        b[KeyCode.ctrlC] = .quit
        bind("?", .help)
        return KeyMap(bindings: b, hint: "↑↓ choose  ENTER select  ESC back  Q quit")
    }()
}
