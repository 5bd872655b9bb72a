import TennisCore

/// The steady-play snapshot: 23 bytes, bit-packed (see `docs/PROTOCOL.md`, type `0x02`).
///
/// It leaves out what rarely changes (the score, the format) and what the client can work out
/// (the ball's velocity, from consecutive positions); a full snapshot (type `0x01`, a
/// *keyframe*) carries those, and the server sends one whenever they change, to every new
/// connection, and once a second. Tick, time and input sequence numbers travel as their low
/// bits and are unwrapped against the keyframe.
public enum LeanSnapshot {
    public static let typeByte: UInt8 = 0x02
    public static let encodedSize = 23

    /// Encodes the parts of `snapshot` that change every tick.
    public static func encode(_ snapshot: Snapshot) -> [UInt8] {
        let view = snapshot.view
        var out = BitWriter(capacity: encodedSize)
        out.write(UInt64(typeByte), bits: 8)
        out.write(UInt64(view.tick & 0xFFFF), bits: 16)
        out.write(snapshot.serverTimeMicros & 0xFFFF_FFFF, bits: 32)
        out.write(UInt64(snapshot.status.rawValue), bits: 2)
        out.write(UInt64(view.phase.rawValue), bits: 2)
        out.write(view.ball.visible ? 1 : 0, bits: 1)
        out.write(UInt64(Int(view.ball.lastHitter) + 1), bits: 2)
        out.writeClamped(Int(view.ball.bounces), bits: 2)
        out.write(view.serveNumber == 2 ? 1 : 0, bits: 1)
        out.writeSymmetric(units(view.ball.position.x, .centimetres), bits: 13)
        out.writeSymmetric(units(view.ball.position.y, .centimetres), bits: 12)
        out.writeClamped(units(view.ball.position.z, .centimetres), bits: 10)
        for player in [view.players.left, view.players.right] {
            out.writeSymmetric(units(player.position.x, .twoCentimetres), bits: 12)
            out.writeSymmetric(units(player.position.y, .twoCentimetres), bits: 11)
        }
        for player in [view.players.left, view.players.right] {
            out.write(UInt64(player.swing?.rawValue ?? 0), bits: 3)
            out.writeClamped(Int(player.swingTicks), bits: 5)
        }
        out.write(UInt64(snapshot.lastInputSeq.left & 0xFF), bits: 8)
        out.write(UInt64(snapshot.lastInputSeq.right & 0xFF), bits: 8)
        out.write(view.tossing ? 1 : 0, bits: 1)
        out.writeSigned(units(view.ball.spin.isFinite ? max(-1, min(1, view.ball.spin)) : 0, .spin7), bits: 4)
        return out.bytes
    }

    /// A value in its field's units (`WireScale`); the bit writer clamps to the field's width.
    private static func units(_ value: Double, _ scale: WireScale) -> Int {
        scale.units(value, in: -1_000_000...1_000_000)
    }

    /// The fields of a lean snapshot, before they are joined to a keyframe.
    struct Fields {
        var tick16: UInt32
        var time32: UInt64
        var status: MatchStatus
        var phase: Phase
        var visible: Bool
        var lastHitter: Int8
        var bounces: UInt8
        var serveNumber: UInt8
        var ball: Vec3
        var players: PerPlayer<PlayerView>
        var seq8: PerPlayer<UInt32>
        var tossing: Bool
        var spin: Double
    }

    static func decodeFields(_ bytes: [UInt8]) throws(ProtocolError) -> Fields {
        var input = BitReader(bytes)
        let type = UInt8(try input.read(bits: 8))
        guard type == typeByte else { throw .unknownType(type) }
        let tick = UInt32(try input.read(bits: 16))
        let time = try input.read(bits: 32)
        guard let status = MatchStatus(rawValue: UInt8(try input.read(bits: 2))) else { throw .invalidValue("status") }
        guard let phase = Phase(rawValue: UInt8(try input.read(bits: 2))) else { throw .invalidValue("phase") }
        let visible = try input.read(bits: 1) == 1
        let hitter = Int8(try input.read(bits: 2)) - 1
        guard hitter <= 1 else { throw .invalidValue("last_hitter") }
        let bounces = UInt8(try input.read(bits: 2))
        let serveNumber = UInt8(try input.read(bits: 1)) + 1
        let cm = WireScale.centimetres, twoCm = WireScale.twoCentimetres
        let ball = Vec3(x: cm.value(try input.readSigned(bits: 13)), y: cm.value(try input.readSigned(bits: 12)),
                        z: cm.value(Int(try input.read(bits: 10))))
        var positions: [Vec2] = []
        for _ in 0..<2 {
            positions.append(Vec2(x: twoCm.value(try input.readSigned(bits: 12)),
                                  y: twoCm.value(try input.readSigned(bits: 11))))
        }
        var players: [PlayerView] = []
        for index in 0..<2 {
            let kind = UInt8(try input.read(bits: 3))
            let ticks = UInt8(try input.read(bits: 5))
            var swing: ShotKind?
            if kind != 0 {
                guard let parsed = ShotKind(rawValue: kind) else { throw .invalidValue("swing") }
                swing = parsed
            }
            players.append(PlayerView(position: positions[index], swing: swing, swingTicks: ticks))
        }
        let seq = PerPlayer(UInt32(try input.read(bits: 8)), UInt32(try input.read(bits: 8)))
        let tossing = try input.read(bits: 1) == 1
        let spin = WireScale.spin7.value(try input.readSigned(bits: 4))
        guard spin >= -1 else { throw .invalidValue("spin") }
        try input.finish()
        return Fields(tick16: tick, time32: time, status: status, phase: phase, visible: visible, lastHitter: hitter,
                      bounces: bounces, serveNumber: serveNumber, ball: ball, players: PerPlayer(players[0], players[1]),
                      seq8: seq, tossing: tossing, spin: spin)
    }
}
