import TestSupport
import Foundation
import Synchronization
import TennisProtocol
import TennisIdentity
import TennisLoad
import TennisRelay
import Testing
@testable import TennisServer

extension WithPostgres {
    /// Spectators of a match on another node, served by their own node through one relay.
    @Suite
    struct RelayTests {
        /// An empty directory, a node owning a match of this seed, and a relaying node that found it.
        func ownerAndRelay(seed: UInt64) async throws -> (owner: Node, relay: Node, code: String) {
            try await emptyDirectory()
            let owner = try await Node.start(), relay = try await Node.start(relays: true)
            let code = try owner.server.lobby.createMatch(seed: seed)
            #expect(await eventually(seconds: 30) { await relay.knowsElsewhere(code) })
            return (owner, relay, code)
        }

        @Test func spectatorsOfAnotherNodesMatchWatchThroughOneSubscription() async throws {
            let (owner, relay, code) = try await ownerAndRelay(seed: 1)
            // Connections the owner serves (its relay subscriptions), and the spectators it shows.
            let audience: @Sendable () -> Int? = { owner.server.lobby.match(code: code)?.spectatorConnections }
            let shown: @Sendable () -> Int? = { owner.server.lobby.match(code: code)?.summary.spectators }
            // Two players on the owner: in play, lean snapshots every tick and a keyframe a second.
            let ann = await answer(owner.ws, .init(role: .player, code: code, name: "Ann"))
            let bo = await answer(owner.ws, .init(role: .player, code: code, name: "Bo"))
            #expect(ann.welcome != nil && bo.welcome != nil)

            // The first spectator is welcomed by the relay node itself, with a keyframe first.
            let first = RawSpectator(relay.ws, code: code)
            #expect(await first.until { $0.types.contains(LeanSnapshot.typeByte) }, "\(first.texts)")
            #expect(first.welcomed == code, "\(first.texts)")
            #expect(first.types.first == Snapshot.typeByte)
            #expect(audience() == 1, "the owner serves the relay")

            // A late joiner, mid-rally, gets the welcome, the roster and the newest keyframe from
            // the relay before the lean snapshots that build on it; the owner still serves one
            // subscription.
            let late = RawSpectator(relay.ws, code: code)
            #expect(await late.until { $0.types.count >= 30 })
            #expect(late.welcomed == code)
            #expect(late.texts.dropFirst().first?.contains(#""type":"roster""#) == true, "\(late.texts)")
            #expect(late.types.first == Snapshot.typeByte)
            #expect(late.types.contains(LeanSnapshot.typeByte))
            #expect(audience() == 1)
            // The owner counts the people, not the relay: the relay node reports its two
            // spectators through the directory, and every roster says 2.
            #expect(await eventually(seconds: 30) { shown() == 2 }, "\(String(describing: shown()))")
            #expect(await late.until { $0.texts.last { $0.contains(#""type":"roster""#) }?.contains(#""spectators":2"#) == true },
                    "\(late.texts.filter { $0.contains("roster") })")
            // The cluster's listing says so too (from the owner's next heartbeat).
            #expect(await eventually(seconds: 30) {
                (try? await owner.directory.liveMatches())?.first { $0.code == code }?.spectators == 2
            })

            // Players are never relayed: sent to the owner (here Ann, coming back with her token).
            let player = await answer(relay.ws, .init(role: .player, code: code, name: "Ann",
                                                      token: ann.welcome?.token))
            #expect(player.moved?.url == owner.ws)

            // The last spectator to leave ends the subscription.
            await first.close()
            await late.close()
            #expect(await eventually(seconds: 30) { audience() == 0 })
            #expect(await eventually(seconds: 30) { shown() == 0 }, "the relay's report is gone with it")

            // The relay node shuts down: its relayed spectator hears 4503 and the node stops.
            let last = RawSpectator(relay.ws, code: code)
            #expect(await eventually(seconds: 30) { !last.types.isEmpty && audience() == 1 })
            await relay.stop()
            #expect(await last.until { $0.closed != nil })
            #expect(last.closed?.code == WireProtocol.CloseCode.serverShutdown)
            await last.close()

            // The owner goes: the relay tries it again, the directory no longer lists the match,
            // and its spectator is told the match is not found (as at the owner's replacement).
            let other = try await Node.start(relays: true)
            let watcher = RawSpectator(other.ws, code: code)
            #expect(await watcher.until { !$0.types.isEmpty })
            await owner.stop()
            #expect(await watcher.until { $0.closed != nil })
            #expect(watcher.closed?.code == WireProtocol.CloseCode.notFound)
            #expect(watcher.texts.last?.contains(#""code":"not_found""#) == true, "\(watcher.texts.suffix(2))")
            await watcher.close()
            ann.client?.close()
            bo.client?.close()
            await other.stop()
        }

        /// A relayed spectator's chat line reaches everyone in the match with its name (the
        /// owner's spectators, and the relay's, the sender too), held to one a second on the relay
        /// as on the owner. Only the cluster's nodes may relay: a relay hello without the
        /// cluster's proof, or a `relay_chat` from a plain spectator, is refused (4403).
        @Test func relayedSpectatorsChatWithEveryoneAndOnlyTheClustersNodesMayRelay() async throws {
            let (owner, relay, code) = try await ownerAndRelay(seed: 1)
            let here = RawSpectator(owner.ws, code: code)
            let sam = RawSpectator(relay.ws, code: code, hello: .init(role: .spectator, code: code, name: "Sam"))
            let kim = RawSpectator(relay.ws, code: code, hello: .init(role: .spectator, code: code, name: "Kim"))
            for spectator in [here, sam, kim] { #expect(await spectator.until { !$0.types.isEmpty }, "\(spectator.texts)") }
            #expect(owner.server.lobby.match(code: code)?.spectatorConnections == 2, "one subscription for two")

            sam.send(.chat(text: "Great \u{1b}[31mshot!"))
            let line = ServerMessage.Chat(from: "Sam", seat: nil, text: "Great shot!")
            for spectator in [here, sam, kim] {
                #expect(await spectator.until { Self.chats($0.texts).contains(line) }, "\(spectator.texts)")
            }
            sam.send(.chat(text: "again"))
            #expect(await sam.until { $0.texts.contains { $0.contains("chat_too_fast") } }, "\(sam.texts)")
            #expect(sam.closed == nil, "a line too soon is refused, not closed on")

            // Only a node holding the cluster's secret may relay, and pass chat up.
            let forged = RawSpectator(owner.ws, code: code, hello: .init(role: .spectator, code: code, name: "relay",
                                                                         relay: true))
            let guessed = RawSpectator(owner.ws, code: code, hello: .init(
                role: .spectator, code: code, name: "relay", relay: true, relayProof: String(repeating: "0", count: 64)))
            for refused in [forged, guessed] {
                #expect(await refused.until { $0.closed != nil })
                #expect(refused.closed?.code == WireProtocol.CloseCode.forbidden)
                #expect(refused.texts.contains { $0.contains("relay_refused") }, "\(refused.texts)")
            }
            here.send(.relayedChat(from: "Ann", text: "not me"))
            #expect(await here.until { $0.closed != nil })
            #expect(here.closed?.code == WireProtocol.CloseCode.forbidden)
            #expect(!Self.chats(kim.texts).contains { $0.from == "Ann" })
            // With the proof, a relay is taken.
            let secret = try await owner.directory.sharedSecret(named: "gateway")
            let proof = try #require(GatewayVoucher(secret: secret)).relayProof(code: code)
            let node = RawSpectator(owner.ws, code: code, hello: .init(role: .spectator, code: code, name: "relay",
                                                                       relay: true, relayProof: proof))
            #expect(await node.until { !$0.types.isEmpty }, "\(node.texts)")
            #expect(node.welcomed == code)
            for spectator in [here, sam, kim, forged, guessed, node] { await spectator.close() }
            await relay.stop()
            await owner.stop()
        }

        static func chats(_ texts: [String]) -> [ServerMessage.Chat] {
            texts.compactMap { text in
                guard case .chat(let chat)? = try? ServerMessage.decode(text) else { return nil }
                return chat
            }
        }

        /// With a fan-out of 1 the owner serves one relay, and a second relay node subscribes to
        /// the first: a chain, counted once per person on the owner.
        @Test func aRelayBeyondTheFanOutSubscribesToAnotherRelay() async throws {
            try await emptyDirectory()
            let owner = try await Node.start()
            let first = try await Node.start(relays: true, relayFanout: 1)
            let second = try await Node.start(relays: true, relayFanout: 1)
            let code = try owner.server.lobby.createMatch(seed: 4)
            for relay in [first, second] { #expect(await eventually(seconds: 30) { await relay.knowsElsewhere(code) }) }
            let ann = await answer(owner.ws, .init(role: .player, code: code, name: "Ann"))
            let bo = await answer(owner.ws, .init(role: .player, code: code, name: "Bo"))
            #expect(ann.welcome != nil && bo.welcome != nil)
            let connections: @Sendable () -> Int? = { owner.server.lobby.match(code: code)?.spectatorConnections }

            let near = RawSpectator(first.ws, code: code)
            #expect(await near.until { $0.types.contains(LeanSnapshot.typeByte) })
            // The first relay is in the directory's tree (its next heartbeat): the owner is full.
            #expect(await eventually(seconds: 30) {
                (try? await owner.directory.relayParent(code: code, owner: owner.ws, fanout: 1)) == first.ws
            })
            let far = RawSpectator(second.ws, code: code)
            #expect(await far.until { $0.types.contains(LeanSnapshot.typeByte) }, "\(far.texts)")
            #expect(far.welcomed == code)
            #expect(connections() == 1, "the owner still serves one relay")
            // The tree as the directory has it: owner → first → second.
            #expect(await eventually(seconds: 30) {
                (try? await owner.directory.relayParent(code: code, owner: owner.ws, fanout: 1)) == second.ws
            })
            // Two people watch, on two nodes; the first relay does not count the second's link.
            #expect(await eventually(seconds: 30) { owner.server.lobby.match(code: code)?.summary.spectators == 2 })
            #expect(await far.until { $0.texts.last { $0.contains(#""type":"roster""#) }?.contains(#""spectators":2"#) == true })

            await far.close()
            await near.close()
            ann.client?.close()
            bo.client?.close()
            await second.stop()
            await first.stop()
            await owner.stop()
        }

        /// A relayed spectator is held to the control-message rate as at the owner: `too_fast`
        /// once a second past it, and far past it `control_flood` (close 4429).
        @Test func aRelayedSpectatorIsHeldToTheControlRateAsAtTheOwner() async throws {
            let (owner, relay, code) = try await ownerAndRelay(seed: 6)
            let watcher = RawSpectator(relay.ws, code: code)
            #expect(await watcher.until { $0.types.contains(Snapshot.typeByte) }, "\(watcher.texts)")
            #expect(watcher.welcomed == code)
            for id in UInt32(0)..<60 { watcher.send(.ping(id: id, clientTime: 0)) }
            #expect(await watcher.until { $0.closed != nil }, "\(watcher.texts)")
            #expect(watcher.texts.filter { $0.contains(#""code":"too_fast""#) }.count == 1, "\(watcher.texts)")
            #expect(watcher.texts.contains { $0.contains(#""code":"control_flood""#) })
            #expect(watcher.closed?.code == WireProtocol.CloseCode.tooMany)
            await watcher.close()
            await relay.stop()
            await owner.stop()
        }

        @Test func theLoadToolSpreadsSpectatorsOverRelayNodesAndTheOwnerServesOneStreamEach() async throws {
            try await emptyDirectory()
            let owner = try await Node.start()
            let relays = [try await Node.start(relays: true), try await Node.start(relays: true)]
            let code = try owner.server.lobby.createMatch(seed: 3)
            for relay in relays { #expect(await eventually(seconds: 30) { await relay.knowsElsewhere(code) }) }
            var options = LoadOptions(port: owner.server.port, spectators: 40, seconds: 2, warmupSeconds: 0.5)
            options.codes = [code]
            options.spectatorNodes = relays.map { .init(host: "127.0.0.1", port: $0.server.port) }
            // What the owner serves once everyone is connected, as the measuring starts.
            let audience = Mutex<Int?>(nil)
            let report = try await LoadTest.run(options) { line in
                guard line.hasPrefix("opened") else { return }
                audience.withLock { $0 = owner.server.lobby.match(code: code)?.spectatorConnections }
            }
            for line in report.lines { print(line) }
            #expect(report.summary.opened == 40)
            #expect(report.summary.failed == 0, "\(report.summary.failures)")
            #expect(report.summary.bots == 2, "the bots play on the owner")
            #expect(report.totals.snapshots > 0)
            // While they watched, the owner served one subscription per relay node, not 40 spectators.
            #expect(audience.withLock { $0 } == 2)
            for relay in relays { await relay.stop() }
            await owner.stop()
        }
    }
}

/// A spectator that keeps every message as it came (the relay's own upstream client).
final class RawSpectator: Sendable {
    struct Seen: Sendable {
        var texts: [String] = []
        /// The type byte of each binary message so far.
        var types: [UInt8] = []
        var closed: UpstreamMessage?
    }

    private let seen = Watched(Seen())
    private let reading: Task<Void, Never>
    private let outbox: AsyncStream<String>.Continuation

    /// - Parameter hello: what it says first (default: a spectator named "raw").
    init(_ url: String, code: String, hello: ClientMessage.Hello? = nil) {
        let (lines, outbox) = AsyncStream.makeStream(of: String.self)
        self.outbox = outbox
        let messages = WebSocketUpstream(logger: quiet).subscribe(
            url: url, hello: hello ?? .init(role: .spectator, code: code, name: "raw"), sending: lines)
        let seen = seen
        reading = Task {
            for await message in messages {
                seen.update { seen in
                    switch message {
                    case .text(let text): seen.texts.append(text)
                    case .binary(let bytes): seen.types.append(bytes.first ?? 0)
                    case .closed: seen.closed = message
                    }
                }
            }
            seen.finish()
        }
    }

    /// Sends a control message.
    func send(_ message: ClientMessage) { outbox.yield(message.encode()) }

    var texts: [String] { seen.read { $0.texts } }
    /// The type byte of each binary message so far.
    var types: [UInt8] { seen.read { $0.types } }
    /// The welcome's match code, if the first message was a welcome.
    var welcomed: String? {
        guard let first = texts.first, case .welcome(let welcome)? = try? ServerMessage.decode(first) else { return nil }
        return welcome.code
    }
    var closed: (code: UInt16?, reason: String?)? {
        guard case .closed(let code, let reason)? = seen.read({ $0.closed }) else { return nil }
        return (code, reason)
    }

    /// Waits for the message that makes `condition` hold (false: the stream ended first).
    func until(seconds: Double = 30, _ condition: @escaping @Sendable (Seen) -> Bool) async -> Bool {
        await seen.until(seconds: seconds, condition)
    }

    func close() async {
        reading.cancel()
        await reading.value
    }
}
