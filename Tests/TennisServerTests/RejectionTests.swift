import HummingbirdWSClient
import Logging
import NIOCore
import TennisClient
import TennisCore
import TennisProtocol
import Testing

@Suite struct RejectionTests {
    @Test func unknownCodeFullMatchAndBadTokenAreRefusedWithReasons() async throws {
        try await TestServer.with() { server in
            let unknown = Recorder()
            let lost = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: "NOPE99", name: "x"),
                                          logger: quiet)
            await unknown.consume(lost).value
            #expect(unknown.read { $0.errors } == ["not_found"])
            #expect(unknown.read { $0.closed?.0 } == WireProtocol.CloseCode.notFound)

            let code = try server.lobby.createMatch(seed: 1)
            var players: [GameClient] = []
            var recorders: [Recorder] = []
            var tasks: [Task<Void, Never>] = []
            for name in ["A", "B"] {
                let recorder = Recorder()
                let client = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: name),
                                                logger: quiet)
                tasks.append(recorder.consume(client))
                players.append(client)
                recorders.append(recorder)
                #expect(await recorder.until(seconds: 30) { $0.welcome != nil })
            }
            #expect(Set(recorders.compactMap { $0.read { $0.welcome?.seat } }) == [0, 1])

            let third = Recorder()
            await third.consume(GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "C"),
                                                   logger: quiet)).value
            #expect(third.read { $0.errors } == ["match_full"])

            let thief = Recorder()
            let stolen = GameClient.forTest(url: server.wsURL,
                                            hello: .init(role: .player, code: code, name: "T", token: String(repeating: "0", count: 32)),
                                            logger: quiet)
            await thief.consume(stolen).value
            #expect(thief.read { $0.errors } == ["bad_token"])

            // The seat token of a live connection can't be used by a second one.
            let token = try #require(recorders[0].read { $0.welcome?.token })
            let twin = Recorder()
            await twin.consume(GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "A", token: token),
                                                  logger: quiet)).value
            #expect(twin.read { $0.errors } == ["seat_in_use"])

            // After the player drops, the same token takes the seat back.
            players[0].close()
            await tasks[0].value
            let back = Recorder()
            let firstSeat = recorders[0].read { $0.welcome?.seat }
            let returning = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "A", token: token),
                                               logger: quiet)
            let returned = back.consume(returning)
            #expect(await back.until(seconds: 30) { $0.welcome?.seat == firstSeat })
            returning.close()
            players[1].close()
            await returned.value
            await tasks[1].value
        }
    }

    @Test func spectatorInputsAndGarbageAreRejectedAndTheMatchGoesOn() async throws {
        try await TestServer.with() { server in
            let code = try server.lobby.createMatch(seed: 1)
            let good = Recorder()
            let goodClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "ok"),
                                                logger: quiet)
            let goodTask = good.consume(goodClient)

            let sneaky = Recorder()
            let sneakyClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "s"),
                                                  logger: quiet)
            let sneakyTask = sneaky.consume(sneakyClient)
            #expect(await sneaky.until(seconds: 30) { $0.welcome != nil })
            sneakyClient.send(PlayerInput(moveX: 1))
            await sneakyTask.value
            #expect(sneaky.read { $0.errors } == ["spectator_input"])
            #expect(sneaky.read { $0.closed?.0 } == WireProtocol.CloseCode.forbidden)

            // A raw client that says hello as a player and then sends garbage bytes.
            let garbageClose = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
                try await outbound.write(.text(ClientMessage.hello(.init(role: .player, code: code, name: "g")).encode()))
                try await outbound.write(.binary(ByteBuffer(bytes: [0x10, 1, 2])))
                for try await _ in inbound.messages(maxSize: 1 << 16) {}
            }
            #expect(garbageClose.map { UInt16(webSocketErrorCode: $0.closeCode) } == WireProtocol.CloseCode.protocolError)

            // A raw client whose first message is not a hello.
            let noHello = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
                try await outbound.write(.binary(ByteBuffer(bytes: [0x10])))
                for try await _ in inbound.messages(maxSize: 1 << 16) {}
            }
            #expect(noHello.map { UInt16(webSocketErrorCode: $0.closeCode) } == WireProtocol.CloseCode.protocolError)

            // The well-behaved spectator is still served (the match waits for a second player: a
            // keyframe a second).
            let before = good.read { $0.snapshots }
            #expect(await good.until(seconds: 30) { $0.snapshots > before })
            goodClient.close()
            await goodTask.value
        }
    }
}
