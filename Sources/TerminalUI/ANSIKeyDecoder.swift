/// Decodes the raw bytes a terminal sends (UTF-8 text, control characters, CSI and SS3 escape
/// sequences) into `KeyEvent`s, as curses would: arrows become `KeyCode.up`…, Ctrl-C key 3,
/// Enter 13. Escape sequences go through `KittyKeyParser`; SS3 (`ESC O A`, sent for arrows in
/// application mode) is read as its CSI twin. Bytes may arrive split anywhere.
///
/// Bounded: at most `maxPending` bytes of an unfinished UTF-8 character are kept, and the key
/// parser drops an escape sequence longer than 32 characters.
public struct ANSIKeyDecoder: Sendable {
    private var kitty = KittyKeyParser()
    private var utf8: [UInt8] = []
    /// An ESC seen at the end of the last input: an `O` after it starts an SS3 sequence.
    private var afterEscape = false
    private var inSS3 = false

    public init() {}

    /// The keys in `bytes`; an unfinished sequence waits for the next call (or `flush`).
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [KeyEvent] {
        var scalars: [UInt32] = []
        for byte in bytes {
            if inSS3 {
                // ESC O x: rewrite as ESC [ x.
                inSS3 = false
                scalars += [0x1B, UInt32(UInt8(ascii: "[")), UInt32(byte)]
                continue
            }
            if afterEscape {
                afterEscape = false
                if byte == UInt8(ascii: "O") {
                    inSS3 = true
                    continue
                }
                scalars.append(0x1B)
            }
            if byte == 0x1B && utf8.isEmpty {
                afterEscape = true
                continue
            }
            decodeUTF8(byte, into: &scalars)
        }
        // A trailing ESC stays here: the next byte says whether it starts a sequence.
        return kitty.feed(scalars)
    }

    /// Ends a pause in the input: a lone ESC still waiting is the Escape key.
    public mutating func flush() -> [KeyEvent] {
        inSS3 = false
        utf8.removeAll()
        let escape = afterEscape ? [KeyEvent(key: KeyCode.escape)] : []
        afterEscape = false
        return escape + kitty.flush()
    }

    private mutating func decodeUTF8(_ byte: UInt8, into scalars: inout [UInt32]) {
        if utf8.isEmpty {
            if byte < 0x80 {
                scalars.append(UInt32(byte))
                return
            }
            guard byte >= 0xC2, byte <= 0xF4 else { return }  // a stray continuation or invalid lead: dropped
            utf8.append(byte)
            return
        }
        guard byte & 0xC0 == 0x80 else {
            utf8.removeAll()
            decodeUTF8(byte, into: &scalars)
            return
        }
        utf8.append(byte)
        let lead = utf8[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard utf8.count == length else { return }
        var decoder = UTF8()
        var iterator = utf8.makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { scalars.append(scalar.value) }
        utf8.removeAll()
    }
}
