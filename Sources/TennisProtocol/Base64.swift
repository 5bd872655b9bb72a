/// Standard base64 (RFC 4648, `+/`, padded), both ways, strict.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for digit in 0..<4 {
                if digit <= chunk.count {
                    out.append(alphabet[Int(value >> (18 - 6 * digit) & 0x3F)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is padded base64 whose unused bits are zero.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            let quad = utf8[index..<index + 4]
            let padding = quad.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, padding == 0 || index + 4 == utf8.count else { return nil }
            var value: UInt32 = 0
            for (offset, digit) in quad.enumerated() {
                if offset >= 4 - padding { continue }
                guard let bits = Self.value(of: digit) else { return nil }
                value |= UInt32(bits) << (18 - 6 * offset)
            }
            let bytes = [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            let kept = 3 - padding
            // Bits past the last byte must be zero, so each value has one encoding.
            guard bytes[kept...].allSatisfy({ $0 == 0 }) else { return nil }
            out.append(contentsOf: bytes[..<kept])
            index += 4
        }
        return out
    }

    static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): digit - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
