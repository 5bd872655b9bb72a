/// Checks that untrusted bytes are exactly one well-formed JSON value (RFC 8259) within set
/// limits, before any other JSON parser sees them.
///
/// Foundation's JSON scanner traps on some inputs it should reject (513 nested `[` ending on the
/// last byte kills the process inside `JSONError.SourceLocation`), so no untrusted byte goes to
/// `JSONDecoder` or `JSONSerialization` unless this gate passed it first. It is iterative (no
/// recursion), reads each byte once, allocates nothing, and stops at the first fault: the
/// decoder only ever sees valid JSON no deeper than `maxDepth`.
public struct JSONGate: Sendable {
    public var maxBytes: Int
    /// Containers (`[` or `{`) open at once.
    public var maxDepth: Int
    /// Characters in one number token.
    public var maxNumberLength: Int

    public init(maxBytes: Int, maxDepth: Int = 8, maxNumberLength: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNumberLength = maxNumberLength
    }

    /// HTTP request bodies (`POST /api/matches`).
    public static let requestBody = JSONGate(maxBytes: 4096)
    /// Files the user or operator writes (config, key bindings, surfaces).
    public static let configFile = JSONGate(maxBytes: 1 << 20, maxDepth: 16)
    /// Answers from a server (listings, history, replays' metadata) read by the CLI.
    public static let serverAnswer = JSONGate(maxBytes: 16 << 20, maxDepth: 16)

    /// Why bytes were refused; `offset` is the byte where the fault was found.
    public struct Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public let offset: Int
        public var description: String { "\(reason) at byte \(offset)" }
    }

    private enum Expect {
        case value
        case valueOrEnd  // just after `[`
        case keyOrEnd  // just after `{`
        case key  // after `,` in an object
        case colon
        case afterValue
    }

    /// Throws unless `bytes` hold one JSON value (whitespace around it allowed) within the limits.
    public func check<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(Rejection) {
        guard bytes.count <= maxBytes else { throw Rejection(reason: "longer than \(maxBytes) bytes", offset: maxBytes) }
        let outcome: Rejection?? = bytes.withContiguousStorageIfAvailable { buffer -> Rejection? in
            do throws(Rejection) { try scan(buffer) } catch { return error }
            return nil
        }
        switch outcome {
        case .some(.none): return
        case .some(.some(let rejection)): throw rejection
        case .none: try Array(bytes).withUnsafeBufferPointer { buffer throws(Rejection) in try scan(buffer) }
        }
    }

    /// A bit per open container: 1 for an object, 0 for an array (depth is at most 64 here).
    private func scan(_ b: UnsafeBufferPointer<UInt8>) throws(Rejection) {
        guard maxDepth <= 64 else { throw Rejection(reason: "depth limit above 64", offset: 0) }
        var objects: UInt64 = 0
        var depth = 0
        var expect = Expect.value
        var i = 0
        func fail(_ reason: String) -> Rejection { Rejection(reason: reason, offset: i) }
        while true {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
            guard i < b.count else {
                if expect == .afterValue && depth == 0 { return }
                throw fail("unexpected end")
            }
            let c = b[i]
            switch expect {
            case .value, .valueOrEnd:
                if expect == .valueOrEnd && c == UInt8(ascii: "]") {
                    i += 1
                    depth -= 1
                    expect = .afterValue
                    continue
                }
                switch c {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    guard depth < maxDepth else { throw fail("nested deeper than \(maxDepth)") }
                    let isObject = c == UInt8(ascii: "{")
                    objects = isObject ? objects | (1 << UInt64(depth)) : objects & ~(1 << UInt64(depth))
                    depth += 1
                    i += 1
                    expect = isObject ? .keyOrEnd : .valueOrEnd
                case UInt8(ascii: "\""):
                    i = try string(b, from: i)
                    expect = .afterValue
                case UInt8(ascii: "t"): i = try literal(b, from: i, "true"); expect = .afterValue
                case UInt8(ascii: "f"): i = try literal(b, from: i, "false"); expect = .afterValue
                case UInt8(ascii: "n"): i = try literal(b, from: i, "null"); expect = .afterValue
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    i = try number(b, from: i)
                    expect = .afterValue
                default:
                    throw fail("unexpected byte \(c)")
                }
            case .keyOrEnd, .key:
                if expect == .keyOrEnd && c == UInt8(ascii: "}") {
                    i += 1
                    depth -= 1
                    expect = .afterValue
                    continue
                }
                guard c == UInt8(ascii: "\"") else { throw fail("expected a key") }
                i = try string(b, from: i)
                expect = .colon
            case .colon:
                guard c == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                expect = .value
            case .afterValue:
                guard depth > 0 else { throw fail("bytes after the value") }
                let inObject = objects & (1 << UInt64(depth - 1)) != 0
                if c == UInt8(ascii: ",") {
                    i += 1
                    expect = inObject ? .key : .value
                } else if c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    depth -= 1
                } else {
                    throw fail(inObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
            }
        }
    }

    /// Index just past the literal `word` starting at `start`.
    private func literal(_ b: UnsafeBufferPointer<UInt8>, from start: Int, _ word: StaticString) throws(Rejection) -> Int {
        let count = word.utf8CodeUnitCount
        guard start + count <= b.count else { throw Rejection(reason: "unexpected end", offset: b.count) }
        for k in 0..<count where b[start + k] != word.utf8Start[k] {
            throw Rejection(reason: "bad literal", offset: start + k)
        }
        return start + count
    }

    /// Index just past a number token: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private func number(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(Rejection) -> Int {
        var i = start
        func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= UInt8(ascii: "0") && b[k] <= UInt8(ascii: "9") }
        func digits() throws(Rejection) {
            guard isDigit(i) else { throw Rejection(reason: "expected a digit", offset: i) }
            while isDigit(i) { i += 1 }
        }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        if i < b.count && b[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            try digits()
        }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            try digits()
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            try digits()
        }
        guard i - start <= maxNumberLength else {
            throw Rejection(reason: "number longer than \(maxNumberLength) characters", offset: start)
        }
        // Foundation refuses numbers beyond a Double's range: refuse them here, where it is safe.
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Rejection(reason: "number out of range", offset: start) }
        return i
    }

    /// Index just past a string starting at the `"` at `start`: no control characters, only
    /// the escapes JSON knows, surrogate escapes in pairs, and well-formed UTF-8.
    private func string(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(Rejection) -> Int {
        var i = start + 1
        func fail(_ reason: String) -> Rejection { Rejection(reason: reason, offset: min(i, b.count)) }
        func hex4(_ at: Int) throws(Rejection) -> UInt32 {
            guard at + 4 <= b.count else { throw Rejection(reason: "unexpected end", offset: b.count) }
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                let h = b[k]
                let digit: UInt8
                switch h {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = h - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = h - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = h - UInt8(ascii: "A") + 10
                default: throw Rejection(reason: "bad \\u escape", offset: k)
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "\""):
                return i + 1
            case 0..<0x20:
                throw fail("control character in a string")
            case UInt8(ascii: "\\"):
                guard i + 1 < b.count else { throw fail("unexpected end") }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    let unit = try hex4(i + 2)
                    i += 6
                    if (0xD800...0xDBFF).contains(unit) {
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                              (0xDC00...0xDFFF).contains(try hex4(i + 2))
                        else { throw fail("unpaired surrogate escape") }
                        i += 6
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw fail("unpaired surrogate escape")
                    }
                default:
                    throw fail("bad escape")
                }
            case 0x20..<0x80:
                i += 1
            default:
                i = try utf8Scalar(b, at: i)
            }
        }
        throw fail("unterminated string")
    }

    /// Index just past one well-formed multi-byte UTF-8 sequence (no overlongs, no surrogates, ≤ U+10FFFF).
    private func utf8Scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) throws(Rejection) -> Int {
        let lead = b[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw Rejection(reason: "invalid UTF-8", offset: i)
        }
        guard i + length <= b.count else { throw Rejection(reason: "invalid UTF-8", offset: i) }
        guard (low...high).contains(b[i + 1]) else { throw Rejection(reason: "invalid UTF-8", offset: i + 1) }
        for k in (i + 2)..<(i + length) where !(0x80...0xBF).contains(b[k]) {
            throw Rejection(reason: "invalid UTF-8", offset: k)
        }
        return i + length
    }
}
