import TennisCore
import Testing

@testable import TennisProtocol

@Suite struct LeanSnapshotTests {
    /// A keyframe, then the next tick's lean snapshot of the same match.
    func pair() -> (key: Snapshot, next: Snapshot) {
        var key = sampleSnapshot().quantised()
        key.view.ball.bounces = 1
        var next = key
        next.view.tick += 1
        next.serverTimeMicros += 16_667
        next.view.ball.position = Vec3(x: -3.0, y: 1.46, z: 0.9)
        next.view.players.left.position = Vec2(x: -12.26, y: 2.1)
        next.view.players.left.swingTicks = 8
        next.lastInputSeq = PerPlayer(18, 4_000_000_001)
        return (key, next)
    }

    /// The lean snapshot `next` with the ball and the left player at `x`, decoded after its keyframe.
    private func leanRoundTrip(x: Double) throws -> Snapshot {
        var (key, next) = pair()
        next.view.ball.position.x = x
        next.view.players.left.position.x = x
        var stream = SnapshotStream()
        _ = try stream.decode(key.encode())
        return try #require(try stream.decode(LeanSnapshot.encode(next)))
    }

    @Test func positionsRoundToTheNearestUnitLikeKeyframesNotTowardsZero() throws {
        for step in -400...400 {
            let x = Double(step) * 0.00349
            let decoded = try leanRoundTrip(x: x)
            #expect(abs(decoded.view.players.left.position.x - x) <= 0.01 + 1e-9, "player at \(x)")
            #expect(abs(decoded.view.ball.position.x - x) <= 0.005 + 1e-9, "ball at \(x)")
            #expect(try leanRoundTrip(x: -x).view.players.left.position.x == -decoded.view.players.left.position.x)
        }
    }

    @Test func signedFieldsClampSymmetricallyAsDocumented() throws {
        #expect(try leanRoundTrip(x: -50).view.ball.position.x == -40.95)
        #expect(try leanRoundTrip(x: 50).view.ball.position.x == 40.95)
        #expect(try leanRoundTrip(x: -50).view.players.left.position.x == -40.94)
        #expect(try leanRoundTrip(x: 50).view.players.left.position.x == 40.94)
    }

    @Test func aLeanSnapshotIsTwentyThreeBytes() {
        #expect(LeanSnapshot.encode(pair().next).count == LeanSnapshot.encodedSize)
        #expect(LeanSnapshot.encodedSize <= 24)
    }

    @Test func joinedToItsKeyframeItGivesBackTheSnapshot() throws {
        let (key, next) = pair()
        var stream = SnapshotStream()
        #expect(try stream.decode(key.encode()) == key)
        let decoded = try #require(try stream.decode(LeanSnapshot.encode(next)))
        #expect(decoded.view.tick == next.view.tick)
        #expect(decoded.serverTimeMicros == next.serverTimeMicros)
        #expect(decoded.lastInputSeq == next.lastInputSeq)
        #expect(decoded.status == next.status)
        #expect(decoded.view.phase == next.view.phase)
        #expect(decoded.view.score == key.view.score)
        #expect(decoded.view.ball.position == next.view.ball.position)
        #expect(decoded.view.players.left.swing == next.view.players.left.swing)
        #expect(decoded.view.players.left.swingTicks == 8)
        #expect(abs(decoded.view.players.left.position.x - next.view.players.left.position.x) <= 0.01)
        // Velocity from two positions one tick apart.
        #expect(abs(decoded.view.ball.velocity.x - (-3.0 - key.view.ball.position.x) * 60) < 1e-6)
    }

    /// The toss's age is not on the wire; the stream counts it, so a bot (or the serve meter)
    /// can time the hit from what arrives.
    @Test func theTossAgeIsCountedFromTheTickTheTossWentUp() throws {
        var (key, next) = pair()
        key.view.phase = .serving
        next.view.phase = .serving
        key.view.tossing = false
        var stream = SnapshotStream()
        _ = try stream.decode(key.encode())
        var ages: [UInt32] = []
        for (step, after) in [1, 2, 3, 5, 6].enumerated() {
            next.view.tick = key.view.tick + UInt32(after)
            next.view.tossing = after >= 2
            let bytes = step == 2 ? next.encode() : LeanSnapshot.encode(next)
            ages.append(try #require(try stream.decode(bytes)).view.tossTicks)
        }
        // Up on the second tick; a keyframe in the middle keeps counting; a skipped tick counts.
        #expect(ages == [0, 0, 1, 3, 4])
        next.view.tossing = false
        next.view.tick += 1
        #expect(try #require(try stream.decode(LeanSnapshot.encode(next))).view.tossTicks == 0)
    }

    @Test func aLeanSnapshotBeforeAnyKeyframeIsSkipped() throws {
        var stream = SnapshotStream()
        #expect(try stream.decode(LeanSnapshot.encode(pair().next)) == nil)
    }

    @Test func countersWrapAround() {
        #expect(SnapshotStream.unwrap(0x0002, bits: 16, near: 0x1_FFFE) == 0x2_0002)
        #expect(SnapshotStream.unwrap(0xFFFE, bits: 16, near: 0x2_0001) == 0x1_FFFE)
        #expect(SnapshotStream.unwrap(5, bits: 8, near: 3) == 5)
        #expect(SnapshotStream.unwrap(250, bits: 8, near: 3) == 250)
    }

    @Test func truncatedPaddedAndGarbageLeanSnapshotsAreRejected() {
        let bytes = LeanSnapshot.encode(pair().next)
        for length in 0..<bytes.count {
            #expect(throws: ProtocolError.self) { try LeanSnapshot.decodeFields(Array(bytes.prefix(length))) }
        }
        #expect(throws: ProtocolError.trailingBytes(1)) { try LeanSnapshot.decodeFields(bytes + [0]) }
        var rng = SplitMix64(seed: 3)
        for _ in 0..<5_000 {
            var garbage = (0..<LeanSnapshot.encodedSize).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            garbage[0] = LeanSnapshot.typeByte
            _ = try? LeanSnapshot.decodeFields(garbage)
        }
    }
}
