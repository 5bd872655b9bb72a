/// Packs fields of any width into bytes, least significant bit first.
struct BitWriter {
    /// The whole bytes written so far.
    private var full: [UInt8] = []
    /// Bits not yet making a whole byte (fewer than 8 between writes), lowest first.
    private var accumulator: UInt64 = 0
    private var pending = 0

    init(capacity: Int = 32) {
        full.reserveCapacity(capacity)
    }

    /// Everything written, the last byte padded with zero bits.
    var bytes: [UInt8] {
        guard pending > 0 else { return full }
        var out = full
        out.append(UInt8(truncatingIfNeeded: accumulator))
        return out
    }

    mutating func write(_ value: UInt64, bits: Int) {
        if bits > 32 {
            write(value & 0xFFFF_FFFF, bits: 32)
            write(value >> 32, bits: bits - 32)
            return
        }
        // pending < 8 and bits ≤ 32: the accumulator never overflows.
        accumulator |= (value & ((1 << UInt64(bits)) - 1)) << UInt64(pending)
        pending += bits
        while pending >= 8 {
            full.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            pending -= 8
        }
    }

    /// A signed value in two's complement, clamped to what `bits` can hold.
    mutating func writeSigned(_ value: Int, bits: Int) {
        let limit = 1 << (bits - 1)
        let clamped = max(-limit, min(limit - 1, value))
        write(UInt64(bitPattern: Int64(clamped)) & ((1 << UInt64(bits)) - 1), bits: bits)
    }

    /// A signed value clamped to ±(2^(bits−1) − 1), the same both ways (the most negative
    /// pattern is never written, so −x decodes as the negation of x).
    mutating func writeSymmetric(_ value: Int, bits: Int) {
        let limit = (1 << (bits - 1)) - 1
        writeSigned(max(-limit, min(limit, value)), bits: bits)
    }

    /// An unsigned value clamped to what `bits` can hold.
    mutating func writeClamped(_ value: Int, bits: Int) {
        write(UInt64(max(0, min((1 << bits) - 1, value))), bits: bits)
    }
}

/// Reads fields written by `BitWriter` from untrusted bytes, checking the length.
struct BitReader {
    private let bytes: [UInt8]
    private var bit = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(bits: Int) throws(ProtocolError) -> UInt64 {
        guard bit + bits <= bytes.count * 8 else {
            throw .truncated(needed: (bit + bits + 7) / 8, available: bytes.count)
        }
        var value: UInt64 = 0
        for index in 0..<bits {
            let position = bit + index
            if (bytes[position / 8] >> UInt8(position % 8)) & 1 == 1 { value |= 1 << UInt64(index) }
        }
        bit += bits
        return value
    }

    mutating func readSigned(bits: Int) throws(ProtocolError) -> Int {
        let raw = try read(bits: bits)
        let sign = UInt64(1) << UInt64(bits - 1)
        return raw & sign == 0 ? Int(raw) : Int(raw) - (1 << bits)
    }

    /// Throws unless only zero padding bits are left in the last byte.
    func finish() throws(ProtocolError) {
        let used = (bit + 7) / 8
        if used != bytes.count { throw .trailingBytes(bytes.count - used) }
    }
}
