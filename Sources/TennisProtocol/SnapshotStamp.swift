/// A snapshot's tick and server send time, read from its first bytes without decoding the rest:
/// what a load generator needs per message, with no allocation.
///
/// A keyframe (`0x01`) carries the whole 32-bit tick (bytes 1–4) and 64-bit time (bytes 5–12);
/// a lean snapshot (`0x02`) only their low 16 and 32 bits (bytes 1–2 and 3–6), little-endian.
public struct SnapshotStamp: Sendable, Equatable {
    /// The tick, or its low 16 bits for a lean snapshot.
    public var tick: UInt32
    /// The server's monotonic time in microseconds, or its low 32 bits for a lean snapshot.
    public var serverTimeMicros: UInt64
    public var isKeyframe: Bool

    public init(tick: UInt32, serverTimeMicros: UInt64, isKeyframe: Bool) {
        self.tick = tick
        self.serverTimeMicros = serverTimeMicros
        self.isKeyframe = isKeyframe
    }

    /// The stamp of the snapshot in `bytes`, or nil for anything else or too short.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> SnapshotStamp? {
        guard let type = bytes.first else { return nil }
        switch type {
        case Snapshot.typeByte where bytes.count >= 13:
            return SnapshotStamp(tick: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 1, as: UInt32.self)),
                                 serverTimeMicros: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 5, as: UInt64.self)),
                                 isKeyframe: true)
        case LeanSnapshot.typeByte where bytes.count == LeanSnapshot.encodedSize:
            let tick = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 1, as: UInt16.self))
            let time = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 3, as: UInt32.self))
            return SnapshotStamp(tick: UInt32(tick), serverTimeMicros: UInt64(time), isKeyframe: false)
        default:
            return nil
        }
    }

    /// The full tick, taking a lean snapshot's low 16 bits as the value nearest `previous`.
    public func fullTick(near previous: UInt64) -> UInt64 {
        isKeyframe ? UInt64(tick) : SnapshotStream.unwrap(UInt64(tick), bits: 16, near: previous)
    }

    /// Microseconds from the server sending this snapshot to `nowMicros` on the same host's clock.
    public func age(nowMicros: UInt64) -> UInt64 {
        if isKeyframe { return nowMicros >= serverTimeMicros ? nowMicros - serverTimeMicros : 0 }
        let delta = UInt32(truncatingIfNeeded: nowMicros) &- UInt32(truncatingIfNeeded: serverTimeMicros)
        return delta > UInt32.max / 2 ? 0 : UInt64(delta)
    }
}
