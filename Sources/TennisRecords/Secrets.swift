/// Random identifiers: match codes people type, and seat tokens nobody can guess.
package enum Secrets {
    /// Letters and digits that can't be mistaken for each other (no 0/O, 1/I/L).
    private static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A 6-character join code (~29 bits; unguessable within the join rate limits).
    package static func matchCode() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in codeAlphabet[Int(rng.next(upperBound: UInt64(codeAlphabet.count)))] })
    }

    /// Whether `code` could be a join code (any case): six characters of the code alphabet.
    package static func isMatchCode(_ code: String) -> Bool {
        code.count == 6 && code.uppercased().allSatisfy(codeAlphabet.contains)
    }

    /// A private match's invite secret: 16 characters of the code alphabet (~79 bits).
    package static func inviteSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in codeAlphabet[Int(rng.next(upperBound: UInt64(codeAlphabet.count)))] })
    }

    /// A 128-bit seat token as 32 hex digits.
    package static func seatToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let high = rng.next() as UInt64
        let low = rng.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Compares two secrets in time independent of where they differ.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
