import TennisCore
import Testing

@testable import TennisProtocol

/// A snapshot with every field set to something other than its default.
func sampleSnapshot() -> Snapshot {
    var score = Score(format: .bestOfThree)
    score.points = PerPlayer(3, 4)
    score.games = PerPlayer(5, 6)
    score.sets = [SetScore(games: PerPlayer(7, 6), tiebreak: PerPlayer(9, 7)), SetScore(games: PerPlayer(2, 6))]
    score.inTiebreak = true
    score.server = 1
    let ball = BallView(position: Vec3(x: -3.21, y: 1.5, z: 0.87), velocity: Vec3(x: 14.5, y: -2.25, z: 3.1),
                        visible: true, lastHitter: 1, bounces: 1)
    let players = PerPlayer(PlayerView(position: Vec2(x: -12.3, y: 2.04), swing: .lob, swingTicks: 7),
                            PlayerView(position: Vec2(x: 11.9, y: -0.5)))
    let view = MatchView(tick: 123_456, phase: .rally, ball: ball, players: players, score: score, serveNumber: 2)
    return Snapshot(serverTimeMicros: 9_876_543_210, lastInputSeq: PerPlayer(17, 4_000_000_000), status: .playing,
                    view: view)
}

@Test func snapshotRoundTripsExactlyAfterQuantisation() throws {
    let snapshot = sampleSnapshot().quantised()
    let decoded = try Snapshot.decode(snapshot.encode())
    #expect(decoded == snapshot)
}

@Test func quantisationKeepsCentimetres() {
    let snapshot = sampleSnapshot()
    let quantised = snapshot.quantised()
    #expect(abs(quantised.view.ball.position.x - snapshot.view.ball.position.x) <= 0.005)
    #expect(abs(quantised.view.players.left.position.y - snapshot.view.players.left.position.y) <= 0.005)
}

@Test func everyStatusAndPhaseRoundTrips() throws {
    for status in MatchStatus.allCases {
        for phase in [Phase.serving, .rally, .pointOver, .matchOver] {
            var snapshot = sampleSnapshot().quantised()
            snapshot.status = status
            snapshot.view.phase = phase
            snapshot.view.score.sets = []
            snapshot.view.ball.visible = false
            #expect(try Snapshot.decode(snapshot.encode()) == snapshot)
        }
    }
}

@Test func everyTruncationIsRejected() {
    let bytes = sampleSnapshot().encode()
    for length in 0..<bytes.count {
        #expect(throws: ProtocolError.self) { try Snapshot.decode(Array(bytes.prefix(length))) }
    }
}

@Test func trailingBytesAreRejected() {
    let bytes = sampleSnapshot().encode() + [0]
    #expect(throws: ProtocolError.trailingBytes(1)) { try Snapshot.decode(bytes) }
}

@Test func wrongTypeAndBadEnumsAreRejected() {
    var bytes = sampleSnapshot().encode()
    bytes[0] = 0x7F
    #expect(throws: ProtocolError.unknownType(0x7F)) { try Snapshot.decode(bytes) }
    bytes = sampleSnapshot().encode()
    bytes[21] = 9  // status
    #expect(throws: ProtocolError.invalidValue("status")) { try Snapshot.decode(bytes) }
    bytes = sampleSnapshot().encode()
    bytes[22] = 9  // phase
    #expect(throws: ProtocolError.invalidValue("phase")) { try Snapshot.decode(bytes) }
}

@Test func garbageNeverCrashesTheDecoder() {
    var rng = SplitMix64(seed: 42)
    var accepted = 0
    for _ in 0..<20_000 {
        let length = Int(rng.next() % 120)
        var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if length > 0, rng.next() % 2 == 0 { bytes[0] = Snapshot.typeByte }
        if (try? Snapshot.decode(bytes)) != nil { accepted += 1 }
    }
    // Random bytes should almost never form a valid snapshot; mostly this proves nothing traps.
    #expect(accepted < 20)
}

@Test func mutatedSnapshotsDecodeOrThrowButNeverTrap() {
    let original = sampleSnapshot().encode()
    var rng = SplitMix64(seed: 7)
    for _ in 0..<5_000 {
        var bytes = original
        let index = Int(rng.next() % UInt64(bytes.count))
        bytes[index] = UInt8(truncatingIfNeeded: rng.next())
        if let decoded = try? Snapshot.decode(bytes) {
            // Whatever decodes must re-encode to the same bytes: the codec has one form per value.
            #expect(decoded.encode() == bytes)
        }
    }
}
