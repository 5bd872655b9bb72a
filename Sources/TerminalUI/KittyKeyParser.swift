/// Decodes the kitty keyboard protocol's key reports (`CSI code[:alt] ; mods[:event] u` and
/// the legacy-letter forms `CSI 1 ; mods:event A`…) into `KeyEvent`s with press, repeat and
/// release. Bytes arrive in pieces; an unfinished sequence is kept for the next `feed`.
///
/// Terminals send this only after the program asks for it (`CSI > 11 u`: disambiguate, report
/// event types, report all keys as escape codes); see `Terminal`.
public struct KittyKeyParser: Sendable {
    private var pending: [UInt32] = []

    public init() {}

    /// Parses what has arrived; characters outside escape sequences are plain presses.
    public mutating func feed(_ input: [UInt32]) -> [KeyEvent] {
        pending += input
        var events: [KeyEvent] = []
        var index = 0
        while index < pending.count {
            let value = pending[index]
            guard value == 0x1B else {
                events.append(KeyEvent(key: Int32(bitPattern: value)))
                index += 1
                continue
            }
            guard index + 1 < pending.count else { break }  // a lone ESC so far: wait for more
            guard pending[index + 1] == UInt32(UInt8(ascii: "[")) else {
                events.append(KeyEvent(key: KeyCode.escape))
                index += 1
                continue
            }
            // CSI: parameters until a final byte in 0x40...0x7E.
            var end = index + 2
            while end < pending.count, !(0x40...0x7E).contains(pending[end]) { end += 1 }
            guard end < pending.count else {
                if end - index > 32 { index = end; continue }  // garbage: drop it
                break
            }
            let parameters = String(String.UnicodeScalarView(pending[(index + 2)..<end].compactMap(Unicode.Scalar.init)))
            if let event = Self.event(parameters: parameters, final: pending[end]) { events.append(event) }
            index = end + 1
        }
        pending.removeFirst(index)
        return events
    }

    /// A lone ESC left waiting is the Escape key once no more bytes follow.
    public mutating func flush() -> [KeyEvent] {
        defer { pending.removeAll() }
        return pending == [0x1B] ? [KeyEvent(key: KeyCode.escape)] : []
    }

    static func event(parameters: String, final: UInt32) -> KeyEvent? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let codeField = fields.first.map { $0.split(separator: ":").first.map(String.init) ?? "" } ?? ""
        var kind = KeyEvent.Kind.press
        var modifiers = 1
        if fields.count > 1 {
            let parts = fields[1].split(separator: ":")
            modifiers = parts.first.flatMap { Int($0) } ?? 1
            if parts.count > 1, let raw = UInt8(parts[1]), let parsed = KeyEvent.Kind(rawValue: raw) { kind = parsed }
        }
        let key: Int32
        switch final {
        case UInt32(UInt8(ascii: "u")):
            guard let code = Int32(codeField) else { return nil }
            key = Self.functional[code] ?? code
        case UInt32(UInt8(ascii: "~")):
            guard let code = Int(codeField), let mapped = Self.tilde[code] else { return nil }
            key = mapped
        default:
            guard let mapped = Self.letters[final] else { return nil }
            key = mapped
        }
        // Ctrl+C arrives as c with the ctrl bit (modifiers − 1 has bit 2).
        if (modifiers - 1) & 4 != 0, key == Int32(UInt8(ascii: "c")) { return KeyEvent(key: KeyCode.ctrlC, kind: kind) }
        // Shift+arrow (bit 1), as curses reports it.
        if (modifiers - 1) & 1 != 0, let shifted = Self.shiftedArrows[key] { return KeyEvent(key: shifted, kind: kind) }
        return KeyEvent(key: key, kind: kind)
    }

    /// Keys the protocol numbers itself, mapped to curses codes.
    static let functional: [Int32: Int32] = [
        13: KeyCode.lineFeed, 27: KeyCode.escape, 127: KeyCode.backspace, 9: 9,
        57399: Int32(UInt8(ascii: "0")), 57400: Int32(UInt8(ascii: "1")), 57401: Int32(UInt8(ascii: "2")),
        57402: Int32(UInt8(ascii: "3")), 57403: Int32(UInt8(ascii: "4")), 57404: Int32(UInt8(ascii: "5")),
        57405: Int32(UInt8(ascii: "6")), 57406: Int32(UInt8(ascii: "7")), 57407: Int32(UInt8(ascii: "8")),
        57408: Int32(UInt8(ascii: "9")), 57414: KeyCode.lineFeed,
        57417: KeyCode.left, 57418: KeyCode.right, 57419: KeyCode.up, 57420: KeyCode.down,
        57421: KeyCode.pageUp, 57422: KeyCode.pageDown, 57423: KeyCode.home, 57424: KeyCode.end,
    ]

    static let shiftedArrows: [Int32: Int32] = [
        KeyCode.left: KeyCode.shiftLeft, KeyCode.right: KeyCode.shiftRight,
        KeyCode.up: KeyCode.shiftUp, KeyCode.down: KeyCode.shiftDown,
    ]

    static let tilde: [Int: Int32] = [5: KeyCode.pageUp, 6: KeyCode.pageDown, 7: KeyCode.home, 8: KeyCode.end,
                                      1: KeyCode.home, 4: KeyCode.end]

    static let letters: [UInt32: Int32] = [
        UInt32(UInt8(ascii: "A")): KeyCode.up, UInt32(UInt8(ascii: "B")): KeyCode.down,
        UInt32(UInt8(ascii: "C")): KeyCode.right, UInt32(UInt8(ascii: "D")): KeyCode.left,
        UInt32(UInt8(ascii: "H")): KeyCode.home, UInt32(UInt8(ascii: "F")): KeyCode.end,
        UInt32(UInt8(ascii: "E")): KeyCode.keypadB2,
    ]

    /// What the program writes to turn the protocol on (push flags 1|2|8) and off (pop).
    public static let enable = "\u{1B}[>11u"
    public static let disable = "\u{1B}[<u"
    /// Asks whether the terminal speaks the protocol, then for the device attributes, which
    /// every terminal answers: a `CSI ? flags u` reply before the `CSI ? … c` one means yes.
    public static let query = "\u{1B}[?u\u{1B}[c"

    /// Reads a reply to `query`: true (supported), false (only device attributes came), or
    /// nil (the reply is not complete yet).
    public static func support(inReply reply: [UInt32]) -> Bool? {
        var sawAttributes = false
        var index = 0
        while index + 2 < reply.count {
            guard reply[index] == 0x1B, reply[index + 1] == UInt32(UInt8(ascii: "[")),
                  reply[index + 2] == UInt32(UInt8(ascii: "?")) else {
                index += 1
                continue
            }
            var end = index + 3
            while end < reply.count, !(0x40...0x7E).contains(reply[end]) { end += 1 }
            guard end < reply.count else { break }
            if reply[end] == UInt32(UInt8(ascii: "u")) { return true }
            if reply[end] == UInt32(UInt8(ascii: "c")) { sawAttributes = true }
            index = end + 1
        }
        return sawAttributes ? false : nil
    }
}
