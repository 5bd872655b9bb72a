import HummingbirdWSClient
import NIOCore
import Synchronization
import TennisClient
import TennisProtocol
import Testing

/// Rows of `docs/PROTOCOL.md` checked against a real server, as a client written from the doc sees it.
@Suite struct ProtocolDocTests {
    /// Says hello, sends `then`, and returns the JSON texts received and the close code.
    private func exchange(_ server: TestServer, hello: ClientMessage.Hello, then: [WebSocketOutboundWriter.OutboundFrame])
        async throws -> (texts: [String], close: UInt16?)
    {
        let texts = Mutex<[String]>([])
        let close = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
            try await outbound.write(.text(ClientMessage.hello(hello).encode()))
            var sent = false
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message else { continue }
                texts.withLock { $0.append(text) }
                // After the roster that follows the welcome: the rest.
                if !sent, text.contains("\"roster\"") {
                    sent = true
                    for frame in then { try await outbound.write(frame) }
                }
            }
        }
        return (texts.withLock { $0 }, close.map { UInt16(webSocketErrorCode: $0.closeCode) })
    }

    @Test func anUnknownJSONTypeIsUnknownType() async throws {
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 1)
        let (texts, close) = try await exchange(server, hello: .init(role: .spectator, code: code, name: "s"),
                                                then: [.text(#"{"type":"launch"}"#)])
        #expect(texts.last?.contains(#""code":"unknown_type""#) == true, "\(texts)")
        #expect(close == WireProtocol.CloseCode.protocolError)
        await server.stop()
    }

    @Test func aStandaloneServerIgnoresAWellFormedReservation() async throws {
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 1)
        let seen = Recorder()
        let client = GameClient.forTest(
            url: server.wsURL, hello: .init(role: .player, code: code, name: "r", reservation: String(repeating: "ab", count: 16)),
            pingInterval: 0, logger: quiet)
        let reading = seen.consume(client)
        #expect(await seen.until(seconds: 30) { $0.welcome != nil || $0.closed != nil })
        #expect(seen.read { $0.welcome?.seat } == 0)
        #expect(seen.read { $0.errors }.isEmpty)
        client.close()
        await reading.value
        await server.stop()
    }

    @Test func aSeatClosedForAProtocolErrorIsHeldForItsToken() async throws {
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 1)
        // A player whose second message breaks the protocol (an input of 3 bytes).
        let (texts, close) = try await exchange(server, hello: .init(role: .player, code: code, name: "Ann"),
                                                then: [.binary(ByteBuffer(bytes: [0x10, 1, 2]))])
        #expect(close == WireProtocol.CloseCode.protocolError)
        let welcomes = texts.compactMap { text -> ServerMessage.Welcome? in
            if case .welcome(let welcome)? = try? ServerMessage.decode(text) { return welcome }
            return nil
        }
        let welcome = try #require(welcomes.first)
        // Nobody else may take it, and its token takes it back.
        let other = Recorder(), back = Recorder()
        let otherClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .player, code: code, name: "Bob"),
                                             pingInterval: 0, logger: quiet)
        let otherReading = other.consume(otherClient)
        #expect(await other.until(seconds: 30) { $0.welcome != nil })
        #expect(other.read { $0.welcome?.seat } == 1 - (welcome.seat ?? 0))
        let backClient = GameClient.forTest(
            url: server.wsURL, hello: .init(role: .player, code: code, name: "Ann", token: welcome.token),
            pingInterval: 0, logger: quiet)
        let backReading = back.consume(backClient)
        #expect(await back.until(seconds: 30) { $0.welcome != nil || $0.closed != nil })
        #expect(back.read { $0.welcome?.seat } == welcome.seat)
        otherClient.close()
        backClient.close()
        await otherReading.value
        await backReading.value
        await server.stop()
    }
}
