import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import TennisCore
import Testing

@testable import TennisLab
@testable import TennisServer
import TestSupport

let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// The netcode measured through a real delaying relay against a real server.
@Suite(.heavy) struct NetcodeProbeTests {
    /// Also in the CPU-bound slot: not beside the tests that compute for seconds.
    @Test(.cpuBound) func predictionAndExtrapolationBeatTheNaiveClientOverASlowLink() async throws {
        // At 60 Hz whatever the load: under `.auto` a busy test process lowers every spectator's
        // rate, the reference's too.
        func probe(seconds: Double) async throws -> NetcodeReport {
            let server = try await RunningServer.start(ServerConfiguration(host: "127.0.0.1", port: 0,
                                                                           spectatorBatching: .rate(ticks: 1)),
                                                       logger: quiet)
            let code = try server.lobby.createMatch(format: .set, surface: .hard, seed: 5)
            let settings = NetcodeProbe.Settings(delay: 0.04, jitter: 0.005, seconds: seconds, level: 3, seed: 5)
            let report = try await NetcodeProbe.run(serverPort: server.port, code: code, settings: settings, logger: quiet)
            await server.stopAndWait()
            return report
        }
        // What a busy test process's frame loop can spoil: a press from rest needs the probe's
        // player standing still for three drawn frames in a rally (ping p90 of 460 ms was seen,
        // and none drawn in 12 s), and a loop starved for a moment draws a press some ticks late
        // and times the naive one from a late frame (p50 of 8 ticks and 30 ms were seen, beside
        // the rest of the suite). Such a measurement is taken again, for longer, twice at most;
        // broken prediction would fail every time.
        func fair(_ report: NetcodeReport) -> Bool {
            report.inputToMoveFramesDrawn.samples > 0 && report.inputToMoveFramesDrawn.p50 <= 1
                && report.inputToMoveMsNaive.p50 >= 80
        }
        var report = try await probe(seconds: 12)
        for _ in 0..<2 where !fair(report) { report = try await probe(seconds: 24) }

        #expect(report.inputToMoveFramesDrawn.samples > 0, "presses from rest were seen: \(report)")
        // Prediction shows a press on the next frame drawn, whatever the link.
        #expect(report.inputToMoveFramesDrawn.p50 <= 1)
        // Without it the press must first cross the link both ways (2 × 40 ms).
        #expect(report.inputToMoveMsNaive.p50 >= 80)
        // How close the drawn ball is depends on how promptly this busy test process handles
        // each arrival, so it is measured (tennis netbench, docs/NETCODE.md), not asserted here.
        #expect(report.ballErrorMetresDrawn.samples > 0)
        // Spectators at 60 to 12 pictures a second drew the ball on the same frames, each a
        // moment in the past (the link alone is 40 ms; a busy process may see the reference late too).
        #expect(report.spectatorBallErrorMetres.count == NetcodeProbe.spectatorRates.count)
        #expect(report.spectatorBallErrorMetres.allSatisfy { $0.samples > 0 }, "\(report.spectatorBallErrorMetres)")
        #expect(report.spectatorDelayMs.allSatisfy { $0.samples > 0 && $0.p50 >= 20 }, "\(report.spectatorDelayMs)")
        #expect(report.rttMs.p50 >= 80, "the relay delays both ways")
    }

    @Test func aRelayDeliversEverythingInOrderAfterTheDelay() async throws {
        let server = try await RunningServer.start(ServerConfiguration(host: "127.0.0.1", port: 0), logger: quiet)
        let proxy = try await DelayProxy.start(targetPort: server.port, delay: 0.03, jitter: 0.01)
        let started = ContinuousClock.now
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(proxy.port)/api/matches")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("["))
        // A request and its answer each wait at least 20 ms (30 − 10) in the relay.
        #expect(ContinuousClock.now - started >= .milliseconds(40))
        await proxy.stop()
        await server.stopAndWait()
    }

    @Test func spreadsUseNearestRank() {
        let spread = NetcodeReport.Spread((1...100).map(Double.init))
        #expect(spread.p50 == 50 && spread.p90 == 90 && spread.p99 == 99 && spread.max == 100 && spread.samples == 100)
        #expect(NetcodeReport.Spread([]).samples == 0)
    }

    @Test func firstMoveCountsFramesUntilThePlayerMovesTheWayTheKeyPoints() {
        func frame(_ x: Double, move: Int8) -> NetcodeProbe.Frame {
            .init(time: 0, tick: 0, move: PlayerInput(moveX: move), phase: .rally, drawnPlayer: Vec2(x: x, y: 0),
                  naivePlayer: Vec2(x: 0, y: 0), drawnBall: Vec3(x: 0, y: 0, z: 0), naiveBall: Vec3(x: 0, y: 0, z: 0),
                  ballVisible: true)
        }
        let frames = [frame(0, move: 0), frame(0, move: 0), frame(0, move: 0), frame(0, move: 0), frame(0, move: 1),
                      frame(-0.01, move: 1), frame(0.01, move: 1)]
        #expect(NetcodeProbe.pressesFromRest(frames) == [4])
        #expect(NetcodeProbe.firstMove(frames, from: 4, \.drawnPlayer) == 2, "moving the wrong way is not moving")
        #expect(NetcodeProbe.firstMove(frames, from: 4, \.naivePlayer) == nil)
    }

    @Test func framesDrawnWithinOneTickCountOnce() {
        func frame(_ tick: Int64) -> NetcodeProbe.Frame {
            .init(time: Double(tick) / 60, tick: tick, move: .idle, phase: .rally, drawnPlayer: Vec2(x: 0, y: 0),
                  naivePlayer: Vec2(x: 0, y: 0), drawnBall: Vec3(x: 0, y: 0, z: 0), naiveBall: Vec3(x: 0, y: 0, z: 0),
                  ballVisible: true)
        }
        // A loop that fell behind drew ticks 10 and 10 again, then skipped to 12.
        let frames = [frame(9), frame(10), frame(10), frame(12), frame(13)]
        #expect(NetcodeProbe.ticksDrawn(frames, after: 0, upTo: 1) == 1)
        #expect(NetcodeProbe.ticksDrawn(frames, after: 1, upTo: 2) == 0, "the same tick drawn twice")
        #expect(NetcodeProbe.ticksDrawn(frames, after: 1, upTo: 3) == 1)
        #expect(NetcodeProbe.ticksDrawn(frames, after: 0, upTo: 4) == 3)
    }
}
