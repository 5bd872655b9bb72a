import Synchronization
import TennisClient
import TennisCore
import TennisProtocol
import Testing
import TennisRecords

@testable import TennisServer

/// A graceful shutdown (what SIGTERM starts) tells every client why, with close 4503.
@Suite struct ShutdownTests {
    @Test func clientsHearServerShutdownNotABareClose() async throws {
        // TestServer runs `makeServerGroup`, as `tennis serve` does, and stops it gracefully.
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 2)
        let watcher = Recorder()
        let client = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "w"),
                                        pingInterval: 0, logger: quiet)
        let watching = watcher.consume(client)
        #expect(await watcher.until(seconds: 30) { $0.snapshots > 0 })
        let stopped = Task { try await server.stopReportingErrors() }
        await watching.value
        #expect(watcher.read { $0.closed?.0 } == WireProtocol.CloseCode.serverShutdown,
                "\(String(describing: watcher.read { $0.closed }))")
        try await stopped.value
    }
}

/// Keeps records in memory the way the real stores write: a write takes a while and is refused
/// (`CancellationError`) when the task making it is cancelled, as GRDB's and PostgresNIO's are.
final class SlowCancellableArchive: MatchArchive {
    let records = Mutex<[MatchRecord]>([])
    func store(_ record: MatchRecord) async throws {
        try Task.checkCancellation()
        try await Task.sleep(for: .milliseconds(300))
        records.withLock { $0.append(record) }
    }
}

@Suite struct GracefulStopRecordingTests {
    /// A match in progress when the server stops is recorded as abandoned, replay and all, before
    /// the stop returns.
    @Test func aMatchInProgressIsRecordedAsAbandonedBeforeTheServerStops() async throws {
        let archive = SlowCancellableArchive()
        // Ticks stepped by hand: two points take as long as the machine needs, not 16 s of clock.
        let ticks = ManualTicks()
        let server = try await TestServer.start(archive: archive, ticks: ticks)
        let code = try server.lobby.createMatch(format: .tiebreak, seed: 5)
        await ticks.waitForMatches()
        let host = try #require(server.lobby.match(code: code))
        let watcher = Recorder()
        let watching = watcher.consume(GameClient.forTest(
            url: server.wsURL, hello: .init(role: .spectator, code: code, name: "w"), pingInterval: 0, logger: quiet))
        let left = await MatchSessionRunner.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Lea"),
                                                  retry: .never, pingInterval: 0, logger: quiet)
        let right = await MatchSessionRunner.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Rob"),
                                                   retry: .never, pingInterval: 0, logger: quiet)
        #expect(await until(left) { $0.seat != nil })
        #expect(await until(right) { $0.seat != nil })
        // Nobody swings: each serve is struck by itself after a while and the points are played out.
        let played = await ticks.step(atMost: 120 * MatchState.ticksPerSecond) { host.pointsPlayed >= 2 }
        #expect(played, "two points in two minutes of ticks")
        try await server.stopReportingErrors()
        // Stopped: whatever the archive holds now is all it will ever get from this server.
        let records = archive.records.withLock { $0 }
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.code == code)
        #expect(record.ending == .abandoned)
        #expect(record.winner == nil)
        #expect(Set(record.names) == ["Lea", "Rob"])
        #expect(record.replay.finalTick > 0)
        let replayed = try record.replay.verify()
        #expect(replayed.score == record.score)
        #expect(replayed.score != Score(format: .tiebreak), "the points played are in the replay")
        await watching.value
        _ = await left.ended()
        _ = await right.ended()
    }
}
