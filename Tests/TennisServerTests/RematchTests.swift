import TennisClient
import TennisCore
import TennisProtocol
import TestSupport
import Testing

@testable import TennisServer

/// Two players of a finished match both ask for a rematch: a new match is made on the server
/// with their seats held, and everyone is told where. Stepped by hand, no clock: the match is
/// ended by setting its status, as its last point would.
@Suite struct RematchTests {
    @MainActor
    @Test func bothPlayersAskingMakesTheRematchWithTheirSeatsHeldAndSpectatorsFollow() async throws {
        let ticks = ManualTicks()
        let server = try await TestServer.start(ticks: ticks)
        do {
            let code = try server.lobby.createMatch(format: .tiebreak, seed: 4)
            await ticks.waitForMatches()
            let host = try #require(server.lobby.match(code: code))
            let fan = Recorder()
            let fanClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "Fan"),
                                               pingInterval: 0, logger: quiet)
            let fanReading = fan.consume(fanClient)
            #expect(await fan.until { $0.welcome != nil })
            let fanID = try #require(host.state.withLock { $0.subscribers.keys.first }, "the fan is its only connection")
            let players = ["Ann", "Bob"].map { name in
                MatchSessionRunner(.init(url: server.wsURL, hello: .init(role: .player, code: code, name: name),
                                         retry: .never), pingInterval: 0, logger: quiet)
            }
            for runner in players { runner.start() }
            for runner in players { #expect(await until(runner) { $0.seat != nil }) }

            // Asking before the end is refused, and so is a spectator's asking.
            fanClient.send(message: .rematch)
            #expect(await fan.until { $0.errors.contains("rematch_refused") })
            await ticks.step(10)
            // The match ends (as a last point would end it; how it ends is not this test's concern).
            host.state.withLock { $0.room.status = .finished }
            await ticks.step(2)
            for runner in players { #expect(await until(runner) { $0.snapshot?.status == .finished }) }

            // Ann asks; Bob's screen learns it from the roster; Bob says yes.
            players[0].askRematch()
            // Seats go in the order the two hellos arrive.
            let annSeat = try #require(players[0].session.seat)
            let asked = annSeat == 0 ? [true, false] : [false, true]
            #expect(await until(players[1]) { $0.rematchAsked == asked })
            #expect(players[1].session.ended == nil)
            players[1].askRematch()
            for runner in players { #expect(await until(runner) { $0.ended != nil }) }
            let endings = try players.map { try #require($0.session.ended) }
            #expect(await fan.until { $0.rematch != nil })
            let forAnn = try #require(endings[0].rematch), forBob = try #require(endings[1].rematch)
            let forFan = try #require(fan.read { $0.rematch })
            #expect(forAnn.code == forBob.code && forFan.code == forAnn.code && forAnn.code != code)
            #expect(forAnn.token != nil && forBob.token != nil && forAnn.token != forBob.token)
            #expect(forFan.token == nil, "spectators get no seat")
            let rematch = try #require(server.lobby.match(code: forAnn.code))
            #expect(rematch.config.format == .tiebreak)
            #expect(rematch.summary.players == (annSeat == 0 ? ["Ann", "Bob"] : ["Bob", "Ann"]),
                    "both seats held from the start, each where it was")

            // A stranger cannot take a held seat; Ann's token takes hers.
            let stranger = Recorder()
            await stranger.consume(GameClient.forTest(
                url: server.wsURL, hello: .init(role: .player, code: forAnn.code, name: "Eve"), pingInterval: 0,
                logger: quiet)).value
            #expect(stranger.read { $0.errors } == ["match_full"])
            let back = Recorder()
            let backClient = GameClient.forTest(
                url: server.wsURL, hello: .init(role: .player, code: forAnn.code, name: "Ann", token: forAnn.token),
                pingInterval: 0, logger: quiet)
            let backReading = back.consume(backClient)
            #expect(await back.until { $0.welcome != nil })
            #expect(back.read { $0.welcome?.seat } == players[0].session.seat)

            // A repeat ask after it was made (a second key press racing the first answer) is
            // answered to the asker alone: here the fan's connection stands in for the asker, and
            // a spectator who came later is not told.
            let late = Recorder()
            let lateClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "Late"),
                                                pingInterval: 0, logger: quiet)
            let lateReading = late.consume(lateClient)
            #expect(await late.until { $0.welcome != nil })
            server.lobby.rematch(of: host, seat: 0, connection: fanID)
            #expect(await fan.until { $0.rematches == 2 })
            #expect(fan.read { $0.rematch?.code } == forAnn.code)
            // Late's own (refused) ask is answered after anything already on its way to it.
            lateClient.send(message: .rematch)
            #expect(await late.until { $0.errors.contains("rematch_refused") })
            #expect(late.read { $0.rematches } == 0)

            for client in [fanClient, backClient, lateClient] { client.close() }
            for task in [fanReading, backReading, lateReading] { await task.value }
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
            let annClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Ann"),
                                               pingInterval: 0, logger: quiet)
            let bobClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Bob"),
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
