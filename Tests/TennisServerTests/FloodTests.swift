import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization
import TennisClient
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

/// One player floods its match with inputs as fast as a socket takes them: inputs over the rate
/// limit are refused, a client far over it for long is cut off (4429), and another match on the
/// same server plays on.
@Suite struct FloodTests {
    @Test func anInputFloodIsRateLimitedAndOtherMatchesPlayOn() async throws {
        try await TestServer.with() { server in
            let flooded = try server.lobby.createMatch(seed: 7)
            let other = try server.lobby.createMatch(seed: 8)
            let bots = (0..<2).map { seat in
                Task {
                    await BotPlayer.play(url: server.wsURL, hello: .init(role: .player, code: other, name: "b\(seat)"),
                                         level: 3, seed: UInt64(seat))
                }
            }
            let watcher = Recorder()
            let watchClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: other, name: "w"),
                                                 pingInterval: 0, logger: quiet)
            let watching = watcher.consume(watchClient)
            #expect(await watcher.until(seconds: 30) { $0.snapshots > 0 })
            let tickBefore = watcher.read { $0.last?.view.tick ?? 0 }

            let seconds = 1.0
            let sent = Atomic<Int>(0)
            let floodClose = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
                try await outbound.write(.text(ClientMessage.hello(.init(role: .player, code: flooded, name: "flood")).encode()))
                // Seated first, as a client is (a flood before the welcome is `message_flood`,
                // `MalformedFrameTests`): then inputs as fast as the socket takes them.
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                guard case .text(let welcome)? = try await messages.next(), welcome.contains("\"welcome\"") else {
                    return
                }
                let until = ContinuousClock.now + .seconds(seconds)
                var seq: UInt32 = 0
                while ContinuousClock.now < until, !Task.isCancelled {
                    seq &+= 1
                    let move = Int8(Int(seq % 3) - 1)
                    do {
                        try await outbound.write(.binary(ByteBuffer(bytes: InputFrame(sequence: seq, input: PlayerInput(moveX: move)).encode())))
                    } catch {
                        break  // cut off
                    }
                    sent.add(1, ordering: .relaxed)
                }
                try? await outbound.close(.normalClosure, reason: "done")
                while try await messages.next() != nil {}
            }
            #expect(floodClose.map { UInt16(webSocketErrorCode: $0.closeCode) } == WireProtocol.CloseCode.tooMany,
                    "a client far over the input rate for seconds is cut off")
            let tickAfter = watcher.read { $0.last?.view.tick ?? 0 }
            let limited = server.metric("tennis_inputs_rate_limited_total")
            let flood = sent.load(ordering: .relaxed)
            print("flood: \(flood) inputs in \(seconds) s, \(Int(limited)) refused by the rate limit; the other match went from tick \(tickBefore) to \(tickAfter)")
            #expect(limited >= 1, "inputs over the rate were refused")
            let limit = Double(ServerConfiguration(host: "", port: 0).maxInputsPerSecond)
            #expect(limited <= limit * 4 + 1, "cut off within the first second's excess: \(limited) refused")
            let seen = watcher.read { $0.snapshots }
            #expect(await watcher.until(seconds: 30) { $0.snapshots > seen + 30 }, "the other match plays on")
            #expect(watcher.read { $0.closed } == nil, "its spectator stayed connected")
            let lateness = server.lobby.metrics.exposition().split(separator: "\n")
                .filter { $0.hasPrefix("tennis_tick_lateness_seconds_bucket") || $0.hasPrefix("tennis_late_ticks_total") }
            print(lateness.joined(separator: "\n"))
            watchClient.close()
            await watching.value
            for bot in bots { bot.cancel() }
        }
    }
}
