import Foundation
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// Spectators' chat and reactions reach everyone in the match, sanitised and rate-limited.
@Suite struct ChatTests {
    @Test func aSpectatorsLineReachesThePlayersCleanedAndNotTooOften() async throws {
        try await TestServer.with() { server in
            let code = try server.lobby.createMatch(seed: 9)
            let player = Recorder(), fan = Recorder()
            let playerClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Ann"),
                                                  pingInterval: 0, logger: quiet)
            let fanClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "Sam"),
                                               pingInterval: 0, logger: quiet)
            let tasks = [player.consume(playerClient), fan.consume(fanClient)]
            #expect(await player.until { $0.welcome != nil })
            #expect(await fan.until { $0.welcome != nil })
            fanClient.send(chat: "great \u{1B}[2Jshot")
            for n in 1...9 { fanClient.send(chat: "again \(n)") }  // ten lines at once: most are refused
            // Every line comes back to its sender too, or is refused: ten answers in all.
            let refused: @Sendable (Recorder.Seen) -> Int = { $0.errors.filter { $0 == "chat_too_fast" }.count }
            #expect(await fan.until { $0.chat.count + refused($0) == 10 })
            let delivered = fan.read { $0.chat.count }
            #expect(await player.until { $0.chat.count == delivered })
            #expect(fan.read(refused) >= 1, "one line a second")
            let line = try #require(player.read { $0.chat.first })
            #expect(line == .init(from: "Sam", seat: nil, text: "great shot"), "no escape sequence reaches a screen")
            try await Task.sleep(for: .milliseconds(1100))
            playerClient.send(chat: "thanks")
            #expect(await fan.until(seconds: 30) { $0.chat.last?.text == "thanks" })
            #expect(fan.read { $0.chat.first?.text } == "great shot")
            #expect(fan.read { $0.chat.last?.seat } == 0)
            #expect(fan.read { $0.closed } == nil, "a refused line does not close the connection")
            playerClient.close()
            fanClient.close()
            for task in tasks { await task.value }
        }
    }

    @Test func chatLinesAreBoundedOnTheWire() throws {
        #expect(try ClientMessage.decode(ClientMessage.chat(text: "Ooh!").encode()) == .chat(text: "Ooh!"))
        #expect(throws: ProtocolError.self) { try ClientMessage.decode(#"{"type":"chat","text":""}"#) }
        #expect(throws: ProtocolError.self) {
            try ClientMessage.decode(#"{"type":"chat","text":""# + String(repeating: "x", count: 81) + #""}"#)
        }
        let chat = ServerMessage.chat(.init(from: "Sam", seat: nil, text: "Bravo!"))
        #expect(try ServerMessage.decode(chat.encode()) == chat)
        // As PROTOCOL.md shows it: a spectator's line has no `seat` key at all, a player's has one.
        #expect(chat.encode() == #"{"from":"Sam","text":"Bravo!","type":"chat"}"#)
        #expect(ServerMessage.chat(.init(from: "Ann", seat: 0, text: "Ta")).encode().contains(#""seat":0"#))
    }
}
