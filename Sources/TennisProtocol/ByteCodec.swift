/// Appends little-endian integers to a byte array.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func i8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    public mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }
    public mutating func i16(_ value: Int16) { u16(UInt16(bitPattern: value)) }
    public mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
    public mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Reads little-endian integers from untrusted bytes; every read checks the length first.
public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(ProtocolError) -> Int {
        guard remaining >= count else { throw .truncated(needed: offset + count, available: bytes.count) }
        defer { offset += count }
        return offset
    }

    public mutating func u8() throws(ProtocolError) -> UInt8 { bytes[try take(1)] }
    public mutating func i8() throws(ProtocolError) -> Int8 { Int8(bitPattern: try u8()) }
    public mutating func u16() throws(ProtocolError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }
    public mutating func i16() throws(ProtocolError) -> Int16 { Int16(bitPattern: try u16()) }
    public mutating func u32() throws(ProtocolError) -> UInt32 {
        let at = try take(4)
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[at + index]) << UInt32(8 * index) }
        return value
    }
    public mutating func u64() throws(ProtocolError) -> UInt64 {
        let at = try take(8)
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[at + index]) << UInt64(8 * index) }
        return value
    }

    /// Throws unless every byte has been read.
    public func finish() throws(ProtocolError) {
        if remaining != 0 { throw .trailingBytes(remaining) }
    }
}
