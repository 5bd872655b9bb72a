import Foundation
import TennisCore
import TennisProtocol
import Testing
import TestSupport

/// The watch page's decoder (`assets/web/protocol.js`, written from docs/PROTOCOL.md) reads the
/// bytes `TennisProtocol` writes as `SnapshotStream` does, at the edges: ticks, times and input
/// numbers wrapping in lean snapshots, negative positions, backspin, a match tiebreak after two
/// sets; and it refuses what the Swift decoder refuses.
@Suite(.serialized, .heavy) struct PageDecoderTests {
    static func snapshot(tick: UInt32, time: UInt64, seq: (UInt32, UInt32), ball: Vec3, velocity: Vec3, spin: Double,
                         left: Vec2, right: Vec2, points: (UInt8, UInt8)) -> Snapshot {
        let score = Score(format: .bestOfThree, points: .init(points.0, points.1), games: .init(0, 0),
                          sets: [SetScore(games: .init(6, 4)), SetScore(games: .init(6, 7), tiebreak: .init(5, 7))],
                          inTiebreak: true, server: 1)
        let view = MatchView(tick: tick, phase: .rally,
                             ball: BallView(position: ball, velocity: velocity, visible: true, lastHitter: 0, bounces: 1,
                                            spin: spin),
                             players: .init(PlayerView(position: left, swing: .slice, swingTicks: 7), PlayerView(position: right)),
                             score: score, serveNumber: 2)
        return Snapshot(serverTimeMicros: time, lastInputSeq: .init(seq.0, seq.1), status: .playing, view: view)
    }

    @Test(.enabled(if: BrowserWatchTests.runs, "needs chromium and chromedriver"), .timeLimit(.minutes(4)))
    func pageDecodesAsTennisProtocolDoes() async throws {
        let key = Self.snapshot(tick: 65_530, time: (1 << 32) - 900, seq: (254, 3), ball: Vec3(x: -3.21, y: 2.5, z: 1.2),
                                velocity: Vec3(x: 5.5, y: -1.25, z: 2), spin: -0.5, left: Vec2(x: -11.5, y: 1.02),
                                right: Vec2(x: 12.3, y: -3.3), points: (8, 9))
        let lean1 = Self.snapshot(tick: 65_534, time: (1 << 32) + 65_000, seq: (258, 3), ball: Vec3(x: -2.85, y: 2.41, z: 1.31),
                                  velocity: .zero, spin: -0.43, left: Vec2(x: -11.4, y: 1.1), right: Vec2(x: 12.24, y: -3.22),
                                  points: (8, 9))
        let lean2 = Self.snapshot(tick: 65_537, time: (1 << 32) + 115_000, seq: (259, 4), ball: Vec3(x: -2.3, y: 2.3, z: 1.44),
                                  velocity: .zero, spin: -0.43, left: Vec2(x: -11.3, y: 1.2), right: Vec2(x: 12.1, y: -3.1),
                                  points: (8, 9))
        let messages = [key.encode(), LeanSnapshot.encode(lean1), LeanSnapshot.encode(lean2)]
        var stream = SnapshotStream()
        let expected = try messages.map { try #require(try stream.decode($0)) }

        var bad = [Array(messages[0].dropLast()), messages[0] + [0], Array(messages[1].dropLast())]
        var swing7 = messages[1]
        swing7[18] |= 0b0011_1000  // left_swing (bits 147–149) = 7
        bad.append(swing7)
        for bytes in bad {
            var fresh = SnapshotStream()
            _ = try fresh.decode(messages[0])
            #expect(throws: ProtocolError.self) { try fresh.decode(bytes) }
        }

        try await BrowserWatchTests.withBrowser { browser, started in
            let port = try await started.server()
            try await browser.open("http://127.0.0.1:\(port)/")
            let answer = try #require(try await browser.runAsync("""
                const done = arguments[arguments.length - 1], [good, bad] = \(String(describing: [messages, bad]));
                import('/web/protocol.js').then(({ SnapshotStream, scoreText }) => {
                  const stream = new SnapshotStream();
                  const decoded = good.map((b) => stream.decode(Uint8Array.from(b)))
                    .map((s) => ({ ...s, score: scoreText(s.score) }));
                  const refused = bad.map((b) => {
                    const fresh = new SnapshotStream();
                    fresh.decode(Uint8Array.from(good[0]));
                    try { fresh.decode(Uint8Array.from(b)); return false; } catch (e) { return e.constructor.name === 'ProtocolError'; }
                  });
                  done(JSON.stringify({ decoded, refused }));
                }, (e) => done(String(e)));
                """) as? String)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any], "\(answer)")
            #expect(object["refused"] as? [Bool] == [true, true, true, true])
            let decoded = try #require(object["decoded"] as? [[String: Any]])
            try #require(decoded.count == expected.count)
            for (page, swift) in zip(decoded, expected) {
                Self.compare(page, swift)
            }
        }
    }

    static func compare(_ page: [String: Any], _ swift: Snapshot) {
        let view = swift.view
        #expect(page["tick"] as? Int == Int(view.tick))
        #expect((page["time"] as? NSNumber)?.uint64Value == swift.serverTimeMicros)
        #expect(page["seq"] as? [Int] == [Int(swift.lastInputSeq.left), Int(swift.lastInputSeq.right)])
        #expect(page["status"] as? String == "playing" && page["phase"] as? String == "rally")
        #expect(page["score"] as? String == view.score.compactText)
        let ball = page["ball"] as? [String: Any] ?? [:]
        let want: [String: Double] = ["x": view.ball.position.x, "y": view.ball.position.y, "z": view.ball.position.z,
                                      "vx": view.ball.velocity.x, "vy": view.ball.velocity.y, "vz": view.ball.velocity.z,
                                      "spin": view.ball.spin]
        for (field, value) in want {
            let got = (ball[field] as? NSNumber)?.doubleValue ?? .nan
            #expect(abs(got - value) < 1e-9, "tick \(view.tick) ball.\(field): page \(got), TennisProtocol \(value)")
        }
        let players = page["players"] as? [[String: Any]] ?? []
        for (index, player) in players.enumerated() {
            let want = view.players[index]
            #expect(abs(((player["x"] as? NSNumber)?.doubleValue ?? .nan) - want.position.x) < 1e-9)
            #expect(abs(((player["y"] as? NSNumber)?.doubleValue ?? .nan) - want.position.y) < 1e-9)
            #expect((player["swing"] as? String) == want.swing.map(\.name))
            #expect(player["swingTicks"] as? Int == Int(want.swingTicks))
        }
    }
}
