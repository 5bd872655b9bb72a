import TennisClient
import TennisCore
import TennisProtocol
import TestSupport
import Testing

@testable import TennisServer

/// Two players of a finished match both ask for a rematch: a new match is made on the server
/// with their seats held, and everyone is told where. Stepped by hand: a whole quick match in
/// as many ticks as it takes, no clock.
@Suite struct RematchTests {
    /// Snapshots a bot has seen.
    @MainActor final class Seen { var snapshots = 0 }

    /// Plays `runner`'s seat with a bot that decides from each snapshot (and stays after the end).
    @MainActor
    static func seatBot(_ runner: MatchSessionRunner, level: Int, seed: UInt64) -> Seen {
        var bot = Bot(level: level, seed: seed)
        let seen = Seen()
        runner.onEvent = { [unowned runner] event in
            switch event {
            case .welcome(let welcome): bot.surface = welcome.courtSurface
            case .snapshot(let snapshot):
                seen.snapshots += 1
                guard let seat = runner.session.seat, snapshot.status == .playing else { return }
                runner.frame(input: bot.input(for: seat, view: snapshot.view))
            default: break
            }
        }
        return seen
    }

    @MainActor
    @Test func bothPlayersAskingMakesTheRematchWithTheirSeatsHeldAndSpectatorsFollow() async throws {
        let ticks = ManualTicks()
        let server = try await TestServer.start(ticks: ticks)
        do {
            let code = try server.lobby.createMatch(format: .tiebreak, seed: 4)
            await ticks.waitForMatches()
            let host = try #require(server.lobby.match(code: code))
            let fan = Recorder()
            let fanClient = GameClient.connect(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "Fan"),
                                               pingInterval: 0, logger: quiet)
            let fanReading = fan.consume(fanClient)
            #expect(await fan.until { $0.welcome != nil })
            var seen: [Seen] = []
            let players = [("Ann", UInt64(1)), ("Bob", UInt64(2))].map { name, seed in
                let runner = MatchSessionRunner(.init(url: server.wsURL, hello: .init(role: .player, code: code, name: name),
                                                      retry: .never), pingInterval: 0, logger: quiet)
                seen.append(Self.seatBot(runner, level: 3, seed: seed))
                runner.start()
                return runner
            }
            for runner in players { await until(runner) { $0.seat != nil } }

            // Asking before the end is refused, and so is a spectator's asking.
            fanClient.send(message: .rematch)
            #expect(await fan.until { $0.errors.contains("rematch_refused") })

            // The bots play the quick match out in lockstep with the ticks: in play, each tick's
            // snapshot reaches both before the next (a bot answers as from a screen).
            var steps = 0
            while host.summary.state != "finished", steps < 900 * MatchState.ticksPerSecond {
                let playing = host.summary.state == "playing"
                let before = seen.map(\.snapshots)
                await ticks.step()
                steps += 1
                guard playing else { continue }
                for (index, runner) in players.enumerated() {
                    await until(runner) { _ in seen[index].snapshots > before[index] }
                }
            }
            #expect(host.summary.state == "finished", "a quick match ends: \(host.summary.score)")
            await ticks.step(2)
            for runner in players { await until(runner) { $0.snapshot?.status == .finished } }

            // Ann asks; Bob's screen learns it from the roster; Bob says yes.
            players[0].askRematch()
            await until(players[1]) { $0.rematchAsked == [true, false] }
            #expect(players[1].session.ended == nil)
            players[1].askRematch()
            let endings = [await players[0].ended(), await players[1].ended()]
            #expect(await fan.until { $0.rematch != nil })
            let forAnn = try #require(endings[0].rematch), forBob = try #require(endings[1].rematch)
            let forFan = try #require(fan.read { $0.rematch })
            #expect(forAnn.code == forBob.code && forFan.code == forAnn.code && forAnn.code != code)
            #expect(forAnn.token != nil && forBob.token != nil && forAnn.token != forBob.token)
            #expect(forFan.token == nil, "spectators get no seat")
            let rematch = try #require(server.lobby.match(code: forAnn.code))
            #expect(rematch.config.format == .tiebreak)
            #expect(rematch.summary.players == ["Ann", "Bob"], "both seats held from the start")

            // A stranger cannot take a held seat; Ann's token takes hers.
            let stranger = Recorder()
            await stranger.consume(GameClient.connect(
                url: server.wsURL, hello: .init(role: .player, code: forAnn.code, name: "Eve"), pingInterval: 0,
                logger: quiet)).value
            #expect(stranger.read { $0.errors } == ["match_full"])
            let back = Recorder()
            let backClient = GameClient.connect(
                url: server.wsURL, hello: .init(role: .player, code: forAnn.code, name: "Ann", token: forAnn.token),
                pingInterval: 0, logger: quiet)
            let backReading = back.consume(backClient)
            #expect(await back.until { $0.welcome != nil })
            #expect(back.read { $0.welcome?.seat } == players[0].session.seat)

            for client in [fanClient, backClient] { client.close() }
            for task in [fanReading, backReading] { await task.value }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aPlayerWhoseOpponentLeftIsToldThereIsNobodyToPlay() async throws {
        let ticks = ManualTicks()
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0, reconnectGraceSeconds: 0.5)
        try await TestServer.with(settings, ticks: ticks) { server in
            let code = try server.lobby.createMatch(format: .tiebreak, seed: 8)
            await ticks.waitForMatches()
            let host = try #require(server.lobby.match(code: code))
            let ann = Recorder(), bob = Recorder()
            let annClient = GameClient.connect(url: server.wsURL, hello: .init(role: .player, code: code, name: "Ann"),
                                               pingInterval: 0, logger: quiet)
            let bobClient = GameClient.connect(url: server.wsURL, hello: .init(role: .player, code: code, name: "Bob"),
                                               pingInterval: 0, logger: quiet)
            let annReading = ann.consume(annClient), bobReading = bob.consume(bobClient)
            #expect(await ann.until { $0.welcome != nil })
            #expect(await bob.until { $0.welcome != nil })
            // Bob goes; after the grace period Ann wins by forfeit, and asks for a rematch.
            bobClient.close()
            await bobReading.value
            #expect(await ticks.step(atMost: 10 * MatchState.ticksPerSecond) { host.summary.state == "finished" })
            annClient.send(message: .rematch)
            #expect(await ann.until { $0.errors.contains("rematch_refused") })
            #expect(ann.read { $0.rematch } == nil)
            annClient.close()
            await annReading.value
        }
    }
}
