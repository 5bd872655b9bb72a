import TennisCore

/// Turns the server's binary messages back into full `Snapshot`s: keyframes as they are, lean
/// snapshots joined to the newest snapshot (score and format from it; tick, time and sequence
/// numbers unwrapped near it; the ball's velocity worked out from the two positions). The
/// toss's age is not sent: it is counted here from the tick the `tossing` flag came up.
public struct SnapshotStream: Sendable {
    private var last: Snapshot?

    public init() {}

    /// The snapshot in `bytes`, or nil for a lean snapshot that arrives before any keyframe.
    public mutating func decode(_ bytes: [UInt8]) throws(ProtocolError) -> Snapshot? {
        guard let type = bytes.first else { throw .truncated(needed: 1, available: 0) }
        switch type {
        case Snapshot.typeByte:
            var snapshot = try Snapshot.decode(bytes)
            snapshot.view.tossTicks = Self.tossTicks(snapshot.view, after: last?.view)
            last = snapshot
            return snapshot
        case LeanSnapshot.typeByte:
            let fields = try LeanSnapshot.decodeFields(bytes)
            guard let base = last else { return nil }
            var snapshot = Self.join(fields, to: base)
            snapshot.view.tossTicks = Self.tossTicks(snapshot.view, after: base.view)
            last = snapshot
            return snapshot
        default:
            throw .unknownType(type)
        }
    }

    static func join(_ fields: LeanSnapshot.Fields, to base: Snapshot) -> Snapshot {
        let tick = UInt32(truncatingIfNeeded: unwrap(UInt64(fields.tick16), bits: 16, near: UInt64(base.view.tick)))
        let time = unwrap(fields.time32, bits: 32, near: base.serverTimeMicros)
        let seq = PerPlayer(
            UInt32(truncatingIfNeeded: unwrap(UInt64(fields.seq8.left), bits: 8, near: UInt64(base.lastInputSeq.left))),
            UInt32(truncatingIfNeeded: unwrap(UInt64(fields.seq8.right), bits: 8, near: UInt64(base.lastInputSeq.right))))
        var view = base.view
        view.tick = tick
        view.phase = fields.phase
        view.serveNumber = fields.serveNumber
        view.players = fields.players
        view.tossing = fields.tossing
        var velocity = Vec3.zero
        let ticks = Int64(tick) - Int64(base.view.tick)
        if fields.visible, base.view.ball.visible, (1...6).contains(ticks) {
            let seconds = Double(ticks) / Double(MatchState.ticksPerSecond)
            let previous = base.view.ball.position
            velocity = Vec3(x: (fields.ball.x - previous.x) / seconds, y: (fields.ball.y - previous.y) / seconds,
                            z: (fields.ball.z - previous.z) / seconds - Physics.gravity(spin: fields.spin) * seconds / 2)
        }
        view.ball = BallView(position: fields.ball, velocity: velocity, visible: fields.visible,
                             lastHitter: fields.lastHitter, bounces: fields.bounces, spin: fields.spin)
        return Snapshot(serverTimeMicros: time, lastInputSeq: seq, status: fields.status, view: view)
    }

    /// Ticks since the toss went up: 0 on the first snapshot that shows it, counting on from there.
    static func tossTicks(_ view: MatchView, after previous: MatchView?) -> UInt32 {
        guard view.tossing, let previous, previous.tossing, view.tick > previous.tick else { return 0 }
        return previous.tossTicks &+ (view.tick - previous.tick)
    }

    /// The value whose low `bits` are `low` that is closest to `reference`.
    static func unwrap(_ low: UInt64, bits: Int, near reference: UInt64) -> UInt64 {
        let span = UInt64(1) << UInt64(bits)
        let candidate = (reference & ~(span - 1)) | low
        if candidate > reference, candidate - reference > span / 2, candidate >= span { return candidate - span }
        if candidate < reference, reference - candidate > span / 2 { return candidate + span }
        return candidate
    }
}
