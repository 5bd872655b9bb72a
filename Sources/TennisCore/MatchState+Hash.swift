/// A 64-bit FNV-1a hasher over raw bits, stable across runs and platforms (unlike `Hasher`).
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xFF)) &* 0x0000_0100_0000_01B3
            w >>= 8
        }
    }

    mutating func add(_ d: Double) { add(d.bitPattern) }
    mutating func add(_ b: Bool) { add(UInt64(b ? 1 : 0)) }
    mutating func add(_ v: Vec2) { add(v.x); add(v.y) }
    mutating func add(_ v: Vec3) { add(v.x); add(v.y); add(v.z) }
    mutating func add(_ s: String) {
        add(UInt64(s.utf8.count))
        for byte in s.utf8 { add(UInt64(byte)) }
    }
}

extension MatchState {
    /// An FNV-1a hash of every field (doubles by bit pattern): equal hashes ⇒ identical states,
    /// for determinism checks and replays.
    public var stateHash: UInt64 {
        var h = FNV1a()
        h.add(config.seed)
        h.add(UInt64(config.format.wireValue))
        h.add(config.surface.name)
        h.add(config.surface.restitution)
        h.add(config.surface.horizontalRetention)
        h.add(UInt64(tick))
        h.add(score: score)
        h.add(UInt64(phase.rawValue))
        h.add(ball.position)
        h.add(ball.velocity)
        h.add(ball.spin)
        h.add(ballVisible)
        h.add(UInt64(bitPattern: Int64(lastHitter)))
        h.add(UInt64(bounces))
        for p in 0...1 {
            let player = players[p]
            h.add(player.position)
            h.add(player.velocity)
            h.add(UInt64(player.swing?.rawValue ?? 0))
            h.add(UInt64(player.swingTicks))
            h.add(player.swingHit)
        }
        h.add(UInt64(serveNumber))
        h.add(rng.state)
        h.add(UInt64(phaseTicks))
        h.add(tossing)
        h.add(UInt64(tossTicks))
        h.add(UInt64(tossCatches))
        h.add(autoServing)
        h.add(UInt64(lastStroke.rawValue))
        h.add(serveInPlay)
        h.add(clippedTape)
        h.add(UInt64(rallyHits))
        h.add(UInt64(pointsPlayed))
        h.add(pointDecided)
        return h.value
    }
}

extension FNV1a {
    mutating func add(score: Score) {
        add(UInt64(score.format.wireValue))
        for p in 0...1 {
            add(UInt64(score.points[p]))
            add(UInt64(score.games[p]))
        }
        add(UInt64(score.sets.count))
        for set in score.sets {
            add(UInt64(set.games.left))
            add(UInt64(set.games.right))
            add(UInt64(set.tiebreak?.left ?? 255))
            add(UInt64(set.tiebreak?.right ?? 255))
        }
        add(score.inTiebreak)
        add(UInt64(score.server))
        add(UInt64(bitPattern: Int64(score.winner)))
    }
}
