import TennisCore

/// One input from a seated player: a sequence number and what the player asks for.
///
/// Wire form (8 bytes): `0x10`, `u32` sequence (little-endian), `i8` moveX, `i8` moveY,
/// `u8` swing (0 = none, else a `ShotKind` raw value).
public struct InputFrame: Equatable, Sendable {
    public var sequence: UInt32
    public var input: PlayerInput

    public init(sequence: UInt32, input: PlayerInput) {
        self.sequence = sequence
        self.input = input
    }

    public static let typeByte: UInt8 = 0x10
    public static let encodedSize = 8

    public func encode() -> [UInt8] {
        var out = ByteWriter(capacity: Self.encodedSize)
        out.u8(Self.typeByte)
        out.u32(sequence)
        out.i8(input.moveX)
        out.i8(input.moveY)
        out.u8(input.swing?.rawValue ?? 0)
        return out.bytes
    }

    /// Parses an input from untrusted bytes; out-of-range values are rejected, not clamped.
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> InputFrame {
        var reader = ByteReader(bytes)
        let type = try reader.u8()
        guard type == typeByte else { throw .unknownType(type) }
        let sequence = try reader.u32()
        let moveX = try reader.i8()
        let moveY = try reader.i8()
        guard (-1...1).contains(moveX) else { throw .invalidValue("move_x") }
        guard (-1...1).contains(moveY) else { throw .invalidValue("move_y") }
        let swingByte = try reader.u8()
        var swing: ShotKind?
        if swingByte != 0 {
            guard let kind = ShotKind(rawValue: swingByte) else { throw .invalidValue("swing") }
            swing = kind
        }
        try reader.finish()
        return InputFrame(sequence: sequence, input: PlayerInput(moveX: moveX, moveY: moveY, swing: swing))
    }
}
