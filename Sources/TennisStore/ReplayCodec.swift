import TennisCore

/// The compact binary form of a `Replay`, as stored in the database and inside export files.
///
/// Layout (little-endian), encoding version 1:
///
/// ```
/// u8   encoding version (1)
/// u32  simulation version (Replay.simulationVersion when recorded)
/// u64  match seed
/// u8   format (MatchFormat.wireValue)
/// u8   n, then n bytes: surface name (UTF-8)
/// f64  surface restitution      f64 surface horizontal retention
/// u32  final tick               u64 final state hash
/// u32  entry count, then per entry:
///      varint  ticks since the previous entry (LEB128; the first counts from 0)
///      u8      bit 0 seat, bits 1-2 moveX+1, bits 3-4 moveY+1, bits 5-7 swing (0 none, else ShotKind)
/// ```
///
/// A typical entry takes two bytes. The decoder checks every field and the length, so
/// truncated or garbage input is a `ReplayFormatError`, never a crash or a wrong replay.
public enum ReplayCodec {
    /// The version of this byte layout (not of the simulation: see `Replay.simulationVersion`).
    public static let encodingVersion: UInt8 = 1

    public static func encode(_ replay: Replay) -> [UInt8] {
        var out = ByteWriter()
        out.u8(encodingVersion)
        out.u32(replay.simulationVersion)
        out.u64(replay.config.seed)
        out.u8(replay.config.format.wireValue)
        out.shortString(replay.config.surface.name)
        out.f64(replay.config.surface.restitution)
        out.f64(replay.config.surface.horizontalRetention)
        out.u32(replay.finalTick)
        out.u64(replay.finalHash)
        out.u32(UInt32(replay.log.entries.count))
        var previous: UInt32 = 0
        for entry in replay.log.entries {
            out.varint(entry.tick &- previous)
            previous = entry.tick
            out.u8(pack(entry))
        }
        return out.bytes
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(ReplayFormatError) -> Replay {
        var input = ByteReader(bytes)
        let replay = try decode(from: &input)
        try input.expectEnd()
        return replay
    }

    static func decode(from input: inout ByteReader) throws(ReplayFormatError) -> Replay {
        let version = try input.u8()
        guard version == encodingVersion else { throw ReplayFormatError(.unsupportedEncoding(version)) }
        let simulationVersion = try input.u32()
        let seed = try input.u64()
        guard let format = MatchFormat(wireValue: try input.u8()) else {
            throw ReplayFormatError(.invalid("unknown match format"))
        }
        let surfaceName = try input.shortString("surface name")
        let restitution = try input.f64()
        let retention = try input.f64()
        guard !surfaceName.isEmpty, restitution.isFinite, retention.isFinite, (0...1.5).contains(restitution),
              (0...1.5).contains(retention)
        else { throw ReplayFormatError(.invalid("surface out of range")) }
        let finalTick = try input.u32()
        let finalHash = try input.u64()
        let count = Int(try input.u32())
        // Every entry takes at least two bytes: refuse a count the input cannot hold before allocating.
        guard count <= input.remaining / 2 else { throw ReplayFormatError(.truncated) }
        var entries: [InputLog.Entry] = []
        entries.reserveCapacity(count)
        var tick: UInt64 = 0
        for _ in 0..<count {
            tick += UInt64(try input.varint())
            guard tick <= UInt64(finalTick) else { throw ReplayFormatError(.invalid("an input comes after the final tick")) }
            entries.append(try unpack(try input.u8(), tick: UInt32(tick)))
        }
        let surface = Surface(name: surfaceName, restitution: restitution, horizontalRetention: retention)
        return Replay(config: MatchConfig(seed: seed, format: format, surface: surface), log: InputLog(entries: entries),
                      finalTick: finalTick, finalHash: finalHash, simulationVersion: simulationVersion)
    }

    private static func pack(_ entry: InputLog.Entry) -> UInt8 {
        let seat = entry.seat & 1
        let x = UInt8(Int(entry.input.moveX) + 1) << 1
        let y = UInt8(Int(entry.input.moveY) + 1) << 3
        let swing = (entry.input.swing?.rawValue ?? 0) << 5
        return seat | x | y | swing
    }

    private static func unpack(_ byte: UInt8, tick: UInt32) throws(ReplayFormatError) -> InputLog.Entry {
        let x = (byte >> 1) & 3, y = (byte >> 3) & 3, swingBits = byte >> 5
        guard x <= 2, y <= 2 else { throw ReplayFormatError(.invalid("a direction out of range")) }
        var swing: ShotKind?
        if swingBits != 0 {
            guard let kind = ShotKind(rawValue: swingBits) else { throw ReplayFormatError(.invalid("an unknown shot")) }
            swing = kind
        }
        let input = PlayerInput(moveX: Int8(x) - 1, moveY: Int8(y) - 1, swing: swing)
        return InputLog.Entry(tick: tick, seat: byte & 1, input: input)
    }
}
