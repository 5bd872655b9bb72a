import Logging
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

/// What a match sends as its ticks go by, stepped by hand (no clock: each `advance` is one tick).
@Suite struct MatchHostTickTests {
    private let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    private let ann = ConnectionID(value: 1)
    private let bob = ConnectionID(value: 2)

    private func host(grace: Double = 1) -> MatchHost {
        MatchHost(code: "TICKS", config: MatchConfig(seed: 7, format: .short, surface: .hard),
                  settings: ServerConfiguration(reconnectGraceSeconds: grace), logger: silent)
    }

    /// Steps `host` `ticks` times and hands each tick's messages to the outlets' loops.
    private func advance(_ host: MatchHost, ticks: Int) {
        for _ in 0..<ticks {
            var runs = FanoutRuns()
            _ = host.advance(steps: 1, runs: &runs)
            runs.start()
        }
    }

    private func join(_ host: MatchHost, _ role: Role, _ connection: ConnectionID, outlet: RecordingOutlet = .init())
        throws -> RecordingOutlet
    {
        _ = try host.join(.init(role: role, code: "TICKS", name: "\(connection)"), connection: connection, outlet: outlet)
        return outlet
    }

    /// Every snapshot an outlet got, decoded in order.
    private func snapshots(_ outlet: RecordingOutlet) async throws -> [Snapshot] {
        var stream = SnapshotStream()
        var decoded: [Snapshot] = []
        for case .snapshot(let frame, _) in try await outlet.messages() {
            if let snapshot = try stream.decode(Array(frame.payload.readableBytesView)) { decoded.append(snapshot) }
        }
        return decoded
    }

    @Test func aSpectatorArrivingAfterAForfeitReadsTheWinnerFromItsFirstKeyframe() async throws {
        let host = host(grace: 1)
        _ = try join(host, .player, ann)
        _ = try join(host, .player, bob)
        advance(host, ticks: 10)
        host.leave(bob)
        advance(host, ticks: MatchState.ticksPerSecond + 5)
        let late = try join(host, .spectator, ConnectionID(value: 3))
        let first = try #require(try await snapshots(late).first)
        #expect(first.status == .finished)
        #expect(first.view.phase == .matchOver)
        #expect(first.view.score.winner == 0, "Ann won by forfeit")
    }
}
