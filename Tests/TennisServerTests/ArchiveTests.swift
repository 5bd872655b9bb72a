import TestSupport
import Synchronization
import TennisClient
import TennisCore
import TennisProtocol
import Testing
import TennisRecords

@testable import TennisServer

/// Keeps records in memory.
final class MemoryArchive: MatchArchive {
    let records = Watched<[MatchRecord]>([])
    func store(_ record: MatchRecord) async throws {
        records.update { $0.append(record) }
    }
}

@Suite struct ArchiveTests {
    @Test func aForfeitedMatchIsRecordedAndItsReplayVerifies() async throws {
        let archive = MemoryArchive()
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0, reconnectGraceSeconds: 0.5)
        try await TestServer.with(settings, archive: archive) { server in
            let code = try server.lobby.createMatch(format: .short, seed: 21)
            let host = try #require(server.lobby.match(code: code))
            let left = await MatchSessionRunner.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Lea"), retry: .never,
                pingInterval: 0, logger: quiet)
            let right = await MatchSessionRunner.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Rob"), retry: .never,
                pingInterval: 0, logger: quiet)
            let leftBot = Task { await BotPlayer.play(left, level: 3, seed: 1) }
            let rightBot = Task { await BotPlayer.play(right, level: 3, seed: 2) }
            let watcher = Recorder()
            let spectator = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "w"),
                                               pingInterval: 0, logger: quiet)
            let watching = watcher.consume(spectator)
            // Play until the match has really run for a while (however busy the machine is), with at
            // least one input of our own in it: a swing. A direction would not do: the room holds
            // each player's last direction per tick, and Lea's bot, starved by a busy machine,
            // once sent idle within the same tick and left the log empty (its 4 inputs and Rob's
            // 1 in 340 ticks all idle). A swing waits for its tick whatever direction follows it.
            #expect(await watcher.until(seconds: 60) { ($0.last?.view.tick ?? 0) > 60 })
            await left.frame(input: PlayerInput(moveY: 1, swing: .drive), now: MatchSessionRunner.now())
            // In the match's log before Rob leaves: a loaded machine once took longer to carry
            // the swing to the server than the match took to end.
            let swung: @Sendable ([InputLog.Entry]) -> Bool = { $0.contains { $0.seat == 0 && $0.input.swing != nil } }
            #expect(await eventually(seconds: 60) { host.state.withLock { swung($0.room.log.entries) } })
            #expect(await watcher.until(seconds: 60) { ($0.last?.view.tick ?? 0) > 180 })
            spectator.close()
            await watching.value
            await right.leave()
            _ = await rightBot.value
            #expect(await archive.records.until { !$0.isEmpty })
            await left.leave()
            _ = await leftBot.value
            let record = try #require(archive.records.read { $0.first })
            #expect(record.code == code)
            #expect(Set(record.names) == ["Lea", "Rob"])
            #expect(record.ending == .forfeit)
            #expect(record.endedAt >= record.startedAt)
            #expect(record.replay.finalTick > 60)
            #expect(swung(record.replay.log.entries),
                    "final tick \(record.replay.finalTick), ending \(record.ending), \(record.replay.log.entries.count) inputs")
            let replayed = try record.replay.verify()
            #expect(replayed.score == record.score)
        }
    }
}
