extension WireProtocol {
    /// Keeps printable text only, trimmed to `limit` characters: whole terminal escape sequences
    /// (CSI such as `ESC [ 31 m`, OSC such as a window title, DCS and the other strings, and the
    /// short `ESC x` ones, in their 7-bit and C1 forms) are removed with everything they contain,
    /// then any other control, format or non-space whitespace character.
    public static func sanitise(_ text: String, limit: Int = maxNameLength) -> String {
        let input = Array(text.unicodeScalars)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < input.count, scalars.count < limit {
            let scalar = input[index]
            index += 1
            switch scalar.value {
            case 0x1B:
                index = skipEscape(input, from: index)
            case 0x9B:
                index = skipControlSequence(input, from: index)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                index = skipString(input, from: index)
            default:
                if keeps(scalar) { scalars.append(scalar) }
            }
        }
        var result = String(scalars)
        while result.hasPrefix(" ") { result.removeFirst() }
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    private static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return false }
        if scalar.properties.generalCategory == .format { return false }
        return !scalar.properties.isWhitespace || scalar == " "
    }

    /// After an ESC: the index past the sequence it starts.
    private static func skipEscape(_ input: [Unicode.Scalar], from start: Int) -> Int {
        guard start < input.count else { return start }
        switch input[start] {
        case "[": return skipControlSequence(input, from: start + 1)
        case "]", "P", "X", "^", "_": return skipString(input, from: start + 1)
        default:
            // ESC, intermediates (0x20–0x2F), then one final character (0x30–0x7E).
            var index = start
            while index < input.count, (0x20...0x2F).contains(input[index].value) { index += 1 }
            if index < input.count, (0x30...0x7E).contains(input[index].value) { index += 1 }
            return index
        }
    }

    /// After a CSI: parameters and intermediates (0x20–0x3F), then the final byte (0x40–0x7E).
    private static func skipControlSequence(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count, (0x20...0x3F).contains(input[index].value) { index += 1 }
        if index < input.count, (0x40...0x7E).contains(input[index].value) { index += 1 }
        return index
    }

    /// After an OSC, DCS, SOS, PM or APC: everything up to and including its terminator (BEL,
    /// `ESC \` or ST), or to the end of the text when there is none.
    private static func skipString(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < input.count {
            let value = input[index].value
            if value == 0x07 || value == 0x9C { return index + 1 }
            if value == 0x1B {
                return index + 1 < input.count && input[index + 1] == "\\" ? index + 2 : index + 1
            }
            index += 1
        }
        return index
    }
}
