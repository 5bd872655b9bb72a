import TennisCore

extension Snapshot {
    /// The wire form: see the byte layout in `docs/PROTOCOL.md`.
    public func encode() -> [UInt8] {
        var out = ByteWriter(capacity: 80)
        out.u8(Snapshot.typeByte)
        out.u32(view.tick)
        out.u64(serverTimeMicros)
        out.u32(lastInputSeq.left)
        out.u32(lastInputSeq.right)
        out.u8(status.rawValue)
        out.u8(view.phase.rawValue)
        var flags: UInt8 = 0
        if view.ball.visible { flags |= 1 }
        if view.score.inTiebreak { flags |= 2 }
        if view.tossing { flags |= 4 }
        out.u8(flags)
        out.i8(view.ball.lastHitter)
        out.u8(view.ball.bounces)
        out.u8(view.serveNumber)
        for value in [view.ball.position.x, view.ball.position.y, view.ball.position.z,
                      view.ball.velocity.x, view.ball.velocity.y, view.ball.velocity.z] {
            out.i16(Quantise.cm(value))
        }
        for player in [view.players.left, view.players.right] {
            out.i16(Quantise.cm(player.position.x))
            out.i16(Quantise.cm(player.position.y))
            out.u8(player.swing?.rawValue ?? 0)
            out.u8(player.swingTicks)
        }
        let score = view.score
        out.u8(score.format.wireValue)
        out.u8(score.server)
        out.i8(score.winner)
        out.u8(score.points.left)
        out.u8(score.points.right)
        out.u8(score.games.left)
        out.u8(score.games.right)
        out.i8(Quantise.spin(view.ball.spin))
        out.u8(UInt8(min(score.sets.count, 5)))
        for set in score.sets.prefix(5) {
            out.u8(set.games.left)
            out.u8(set.games.right)
            out.u8(set.tiebreak == nil ? 0 : 1)
            out.u8(set.tiebreak?.left ?? 0)
            out.u8(set.tiebreak?.right ?? 0)
        }
        return out.bytes
    }

    /// Parses a snapshot from untrusted bytes, or throws a `ProtocolError`.
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> Snapshot {
        var input = ByteReader(bytes)
        let type = try input.u8()
        guard type == typeByte else { throw .unknownType(type) }
        let tick = try input.u32()
        let time = try input.u64()
        let seq = PerPlayer(try input.u32(), try input.u32())
        guard let status = MatchStatus(rawValue: try input.u8()) else { throw .invalidValue("status") }
        guard let phase = Phase(rawValue: try input.u8()) else { throw .invalidValue("phase") }
        let flags = try input.u8()
        guard flags & ~7 == 0 else { throw .invalidValue("flags") }
        let lastHitter = try input.i8()
        guard (-1...1).contains(lastHitter) else { throw .invalidValue("last_hitter") }
        let bounces = try input.u8()
        let serveNumber = try input.u8()
        guard serveNumber == 1 || serveNumber == 2 else { throw .invalidValue("serve_number") }
        let position = Vec3(x: Quantise.metres(try input.i16()), y: Quantise.metres(try input.i16()),
                            z: Quantise.metres(try input.i16()))
        let velocity = Vec3(x: Quantise.metres(try input.i16()), y: Quantise.metres(try input.i16()),
                            z: Quantise.metres(try input.i16()))
        var players = PerPlayer(PlayerView(position: .zero), PlayerView(position: .zero))
        for index in 0..<2 {
            let x = Quantise.metres(try input.i16())
            let y = Quantise.metres(try input.i16())
            let swingByte = try input.u8()
            let swing: ShotKind?
            if swingByte == 0 {
                swing = nil
            } else {
                guard let kind = ShotKind(rawValue: swingByte) else { throw .invalidValue("swing") }
                swing = kind
            }
            players[index] = PlayerView(position: Vec2(x: x, y: y), swing: swing, swingTicks: try input.u8())
        }
        var spin = 0.0
        let score = try decodeScore(&input, inTiebreak: flags & 2 != 0, spin: &spin)
        try input.finish()
        let ball = BallView(position: position, velocity: velocity, visible: flags & 1 != 0,
                            lastHitter: lastHitter, bounces: bounces, spin: spin)
        var view = MatchView(tick: tick, phase: phase, ball: ball, players: players, score: score,
                             serveNumber: serveNumber)
        view.tossing = flags & 4 != 0
        return Snapshot(serverTimeMicros: time, lastInputSeq: seq, status: status, view: view)
    }

    private static func decodeScore(_ input: inout ByteReader, inTiebreak: Bool, spin: inout Double)
        throws(ProtocolError) -> Score
    {
        guard let format = MatchFormat(wireValue: try input.u8()) else { throw .invalidValue("format") }
        let server = try input.u8()
        guard server <= 1 else { throw .invalidValue("server") }
        let winner = try input.i8()
        guard (-1...1).contains(winner) else { throw .invalidValue("winner") }
        let points = PerPlayer(try input.u8(), try input.u8())
        let games = PerPlayer(try input.u8(), try input.u8())
        let spinByte = try input.i8()
        guard spinByte >= -Quantise.spinSteps else { throw .invalidValue("spin") }
        spin = Quantise.spin(spinByte)
        let setCount = try input.u8()
        guard setCount <= 5 else { throw .invalidValue("set_count") }
        var sets: [SetScore] = []
        for _ in 0..<setCount {
            let setGames = PerPlayer(try input.u8(), try input.u8())
            let hasTiebreak = try input.u8()
            guard hasTiebreak <= 1 else { throw .invalidValue("set_tiebreak") }
            let tiebreak = PerPlayer(try input.u8(), try input.u8())
            if hasTiebreak == 0, tiebreak != PerPlayer(0, 0) { throw .invalidValue("set_tiebreak") }
            sets.append(SetScore(games: setGames, tiebreak: hasTiebreak == 1 ? tiebreak : nil))
        }
        return Score(format: format, points: points, games: games, sets: sets, inTiebreak: inTiebreak,
                     server: server, winner: winner)
    }
}
