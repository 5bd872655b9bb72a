/// Appends little-endian fields to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { integer(value) }
    mutating func u32(_ value: UInt32) { integer(value) }
    mutating func u64(_ value: UInt64) { integer(value) }
    mutating func i64(_ value: Int64) { integer(UInt64(bitPattern: value)) }
    mutating func f64(_ value: Double) { integer(value.bitPattern) }

    /// LEB128: seven bits a byte, low bits first.
    mutating func varint(_ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A UTF-8 string of at most 255 bytes, after a one-byte length (longer strings are cut).
    mutating func shortString(_ value: String) {
        var utf8 = Array(value.utf8.prefix(255))
        while String(validating: utf8, as: UTF8.self) == nil { utf8.removeLast() }
        bytes.append(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian fields from untrusted bytes; every read checks the length first.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: some Collection<UInt8>) {
        self.bytes = ArraySlice(bytes)
        self.index = self.bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - index }

    mutating func u8() throws(ReplayFormatError) -> UInt8 {
        guard remaining >= 1 else { throw ReplayFormatError(.truncated) }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func u16() throws(ReplayFormatError) -> UInt16 { try integer() }
    mutating func u32() throws(ReplayFormatError) -> UInt32 { try integer() }
    mutating func u64() throws(ReplayFormatError) -> UInt64 { try integer() }
    mutating func i64() throws(ReplayFormatError) -> Int64 { Int64(bitPattern: try integer()) }
    mutating func f64() throws(ReplayFormatError) -> Double { Double(bitPattern: try integer()) }

    mutating func varint() throws(ReplayFormatError) -> UInt32 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 35, by: 7) {
            let byte = try u8()
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 {
                guard value <= UInt64(UInt32.max) else { throw ReplayFormatError(.invalid("tick out of range")) }
                return UInt32(value)
            }
        }
        throw ReplayFormatError(.invalid("tick out of range"))
    }

    mutating func bytes(_ count: Int) throws(ReplayFormatError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw ReplayFormatError(.truncated) }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }

    mutating func shortString(_ field: String) throws(ReplayFormatError) -> String {
        let count = Int(try u8())
        let raw = try bytes(count)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw ReplayFormatError(.invalid("\(field) is not UTF-8"))
        }
        return text
    }

    func expectEnd() throws(ReplayFormatError) {
        guard remaining == 0 else { throw ReplayFormatError(.trailingBytes(remaining)) }
    }

    private mutating func integer<T: FixedWidthInteger>() throws(ReplayFormatError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw ReplayFormatError(.truncated) }
        var value: T = 0
        for offset in 0..<size { value |= T(bytes[index + offset]) << (8 * offset) }
        index += size
        return value
    }
}
