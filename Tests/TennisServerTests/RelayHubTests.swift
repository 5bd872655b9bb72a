import Logging
import NIOCore
import NIOPosix
import Synchronization
import TennisCore
import TennisProtocol
import TestSupport
import Testing

@testable import TennisServer

/// A relay's upstream that ends without a final word is subscribed again, and its spectators
/// carry on; a final close, or a match the directory no longer has, reaches them.
@Suite struct RelayHubTests {
    /// Upstream subscriptions that play a script: each `subscribe` takes the next list of
    /// messages; a list without a `.closed` stays open until the relay cancels it.
    final class ScriptedUpstream: RelayUpstream {
        private let scripts: Mutex<[[UpstreamMessage]]>
        let urls = Mutex<[String]>([])
        /// What the relay sent up, over every subscription.
        let sent = Watched<[String]>([])

        init(_ scripts: [[UpstreamMessage]]) { self.scripts = Mutex(scripts) }

        func subscribe(url: String, hello: ClientMessage.Hello, sending: AsyncStream<String>) -> AsyncStream<UpstreamMessage> {
            urls.withLock { $0.append(url) }
            let sent = sent
            Task { for await line in sending { sent.update { $0.append(line) } } }
            let script = scripts.withLock { $0.isEmpty ? [.closed(code: nil, reason: nil)] : $0.removeFirst() }
            let (stream, sink) = AsyncStream.makeStream(of: UpstreamMessage.self)
            for message in script { sink.yield(message) }
            if script.contains(where: { if case .closed = $0 { true } else { false } }) { sink.finish() }
            return stream
        }
    }

    /// An outlet whose deliveries a test can wait for: snapshots labelled by their second byte
    /// (the script's marker), everything else as `Outbound.label`.
    final class WatchedOutlet: ConnectionOutlet {
        let eventLoop: any EventLoop
        init(on loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) { eventLoop = loop }
        let labels = Watched<[String]>([])
        func deliver(_ message: Outbound, shared: Bool) {
            var label = message.label
            if case .snapshot(let frame, let isKeyframe) = message {
                let marker = frame.payload.getInteger(at: frame.payload.readerIndex + 1, as: UInt8.self) ?? 0
                label = "\(isKeyframe ? "K" : "L"):\(marker)"
            }
            labels.update { $0.append(label) }
        }
        func flush() {}
    }

    static let welcomeText = ServerMessage.welcome(.init(code: "ABCDEF", seat: nil, token: nil, format: "tiebreak",
                                                         surface: "hard", tickRate: 60)).encode()
    static let welcome = UpstreamMessage.text(welcomeText)
    /// Snapshots whose tick is `marker` (a keyframe's 4 bytes, a lean one's low 16 bits, little-endian).
    static func keyframe(_ marker: UInt8) -> UpstreamMessage {
        .binary([Snapshot.typeByte, marker] + [UInt8](repeating: 0, count: 11))
    }
    static func lean(_ marker: UInt8) -> UpstreamMessage {
        .binary([LeanSnapshot.typeByte, marker] + [UInt8](repeating: 0, count: LeanSnapshot.encodedSize - 2))
    }

    func hub(_ upstream: ScriptedUpstream, locate: @escaping @Sendable (String) async -> RelayHub.Whereabouts) -> RelayHub {
        RelayHub(upstream: upstream, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                 settings: ServerConfiguration(host: "127.0.0.1", port: 0), retryDelays: [0, 0], locate: locate)
    }

    @Test func anUpstreamThatDropsIsSubscribedAgainWhereTheDirectorySaysAndSpectatorsCarryOn() async throws {
        let upstream = ScriptedUpstream([
            [Self.welcome, Self.keyframe(1), Self.lean(2), .closed(code: nil, reason: nil)],
            [Self.welcome, Self.keyframe(3), Self.lean(4)],
        ])
        let hub = hub(upstream) { _ in .at("ws://b/ws") }
        let spectator = WatchedOutlet()
        let host = hub.join(code: "ABCDEF", owner: "ws://a/ws", connection: ConnectionID(value: 1), outlet: spectator)
        #expect(await spectator.labels.until(seconds: 10) { $0.contains("L:4") })
        let seen = spectator.labels.read { $0 }
        #expect(seen.first == "T:" + Self.welcomeText, "welcomed once: \(seen)")
        #expect(seen.filter { $0.hasPrefix("T:") }.count == 1, "the second welcome is not passed on: \(seen)")
        #expect(seen.contains("K:3"), "the new subscription's keyframe: lean snapshots build on it")
        #expect(!seen.contains { $0.hasPrefix("C:") }, "never closed: \(seen)")
        #expect(upstream.urls.withLock { $0 } == ["ws://a/ws", "ws://b/ws"])
        #expect(hub.source(of: "ABCDEF") == "ws://b/ws")
        hub.leave(code: "ABCDEF", host: host, connection: ConnectionID(value: 1))
        #expect(hub.count == 0)
    }

    @Test func aFinalCloseReachesTheSpectatorsWithoutASecondSubscription() async throws {
        let upstream = ScriptedUpstream([
            [Self.welcome, Self.keyframe(1), .closed(code: WireProtocol.CloseCode.matchOver, reason: "match over")],
        ])
        let hub = hub(upstream) { _ in .at("ws://b/ws") }
        let spectator = WatchedOutlet()
        _ = hub.join(code: "ABCDEF", owner: "ws://a/ws", connection: ConnectionID(value: 1), outlet: spectator)
        #expect(await spectator.labels.until(seconds: 10) { $0.contains { $0.hasPrefix("C:") } })
        #expect(spectator.labels.read { $0.last } == "C:\(WireProtocol.CloseCode.matchOver)")
        #expect(upstream.urls.withLock { $0 } == ["ws://a/ws"])
    }

    @Test func aMatchTheDirectoryNoLongerHasIsNotFound() async throws {
        let shutdown = UpstreamMessage.closed(code: WireProtocol.CloseCode.serverShutdown,
                                              reason: WireProtocol.CloseReason.shutdown)
        let upstream = ScriptedUpstream([[Self.welcome, Self.keyframe(1), shutdown]])
        let hub = hub(upstream) { _ in .gone }
        let spectator = WatchedOutlet()
        _ = hub.join(code: "ABCDEF", owner: "ws://a/ws", connection: ConnectionID(value: 1), outlet: spectator)
        #expect(await spectator.labels.until(seconds: 10) { $0.contains { $0.hasPrefix("C:") } })
        // Told as a spectator who went back to the dead node would be: the match is not found.
        #expect(spectator.labels.read { $0.last } == "C:\(WireProtocol.CloseCode.notFound)")
        #expect(spectator.labels.read { $0 }.contains { $0.contains(#""code":"not_found""#) })
        #expect(upstream.urls.withLock { $0 }.count == 1, "asked the directory, not the dead node")
    }

    @Test func whileTheDirectoryCannotSayTheSameSourceIsTriedThenTheSpectatorsAreToldWhy() async throws {
        let upstream = ScriptedUpstream([[Self.welcome, Self.keyframe(1), .closed(code: nil, reason: nil)]])
        let hub = hub(upstream) { _ in .unknown }
        let spectator = WatchedOutlet()
        _ = hub.join(code: "ABCDEF", owner: "ws://a/ws", connection: ConnectionID(value: 1), outlet: spectator)
        #expect(await spectator.labels.until(seconds: 10) { $0.contains { $0.hasPrefix("C:") } })
        // One subscription and one more per retry delay, all to the last source known.
        #expect(upstream.urls.withLock { $0 } == ["ws://a/ws", "ws://a/ws", "ws://a/ws"])
        #expect(spectator.labels.read { $0.last } == "C:\(WireProtocol.CloseCode.serverShutdown)")
    }

    /// The relay fans out as the owner does: a spectator asking for 20 snapshots a second gets
    /// the lean ones of every third match tick (and every keyframe); a relay chained below gets
    /// every tick whatever the rate.
    @Test func aRelayedSpectatorsRateIsAppliedAtTheRelayAndAChainedRelayGetsEveryTick() async throws {
        let host = RelayHost(code: "ABCDEF")
        // On one loop, so the run that reaches the chained relay has reached the spectator too.
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let slow = WatchedOutlet(on: loop), chained = WatchedOutlet(on: loop)
        // Connection 3: its 20 Hz falls on the multiples of three (rates are staggered by connection).
        #expect(host.join(ConnectionID(value: 3), outlet: slow, rate: 20))
        #expect(host.join(ConnectionID(value: 2), outlet: chained, rate: 20, relay: true))
        #expect(host.audience == 1, "a chained relay reports its own audience")
        host.receive(Self.welcome)
        host.receive(Self.keyframe(1))
        for tick in UInt8(2)...13 {
            host.receive(tick == 8 ? Self.keyframe(tick) : Self.lean(tick))
            // One tick at a time, as the owner sends them (a loop that falls behind merges runs).
            #expect(await chained.labels.until(seconds: 10) { $0.last == (tick == 8 ? "K:\(tick)" : "L:\(tick)") })
        }
        #expect(chained.labels.read { $0 }.filter { $0.hasPrefix("L:") || $0.hasPrefix("K:") }.count == 13)
        #expect(await slow.labels.until(seconds: 10) { $0.last == "L:12" })
        #expect(slow.labels.read { $0 } == ["T:" + Self.welcomeText,
                                            "K:1", "L:3", "L:6", "K:8", "L:9", "L:12"])
        #expect(!host.leave(ConnectionID(value: 3)))
        #expect(host.leave(ConnectionID(value: 2)), "the last one gone")
    }

    /// A real snapshot of match tick `tick` in play, with `points` won by the left player.
    static func playing(_ tick: UInt32, keyframe: Bool, points: Int = 0) -> UpstreamMessage {
        var score = Score(format: .tiebreak)
        score.points = PerPlayer(UInt8(points), 0)
        let ball = BallView(position: Vec3(x: 0, y: 1, z: 1), velocity: Vec3(x: 0, y: 0, z: 0), visible: true,
                            lastHitter: 0, bounces: 0)
        let players = PerPlayer(PlayerView(position: Vec2(x: -11, y: 0)), PlayerView(position: Vec2(x: 11, y: 0)))
        let view = MatchView(tick: tick, phase: .rally, ball: ball, players: players, score: score, serveNumber: 1)
        let snapshot = Snapshot(serverTimeMicros: UInt64(tick) * 16_667, lastInputSeq: PerPlayer(0, 0),
                                status: .playing, view: view)
        return .binary(keyframe ? snapshot.encode() : LeanSnapshot.encode(snapshot))
    }

    /// A relay does for its reduced-rate spectators what the owner does: in play, a keyframe
    /// between two of a spectator's turns comes as the keyframe of its next turn (the relay makes
    /// it from the lean snapshot it decoded), and an event comes just before that snapshot; a
    /// relay chained below gets both at once.
    @Test func aRelayedReducedRateSpectatorGetsKeyframesAndEventsOnItsTurns() async throws {
        let host = RelayHost(code: "ABCDEF")
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let slow = WatchedOutlet(on: loop), chained = WatchedOutlet(on: loop)
        // Connection 3 at 20 a second: its turns are the multiples of three.
        #expect(host.join(ConnectionID(value: 3), outlet: slow, rate: 20))
        #expect(host.join(ConnectionID(value: 2), outlet: chained, relay: true))
        host.receive(Self.welcome)
        host.receive(Self.playing(1, keyframe: true))
        let event = ServerMessage.event(tick: 5, event: WireEvent(.netTouch)).encode()
        for tick in UInt32(2)...9 {
            if tick == 5 { host.receive(.text(event)) }
            host.receive(Self.playing(tick, keyframe: tick == 4, points: tick >= 4 ? 1 : 0))
            #expect(await chained.labels.until(seconds: 10) { $0.last == (tick == 4 ? "K:4" : "L:\(tick)") })
        }
        #expect(chained.labels.read { $0 }.contains("T:" + event), "at once below")
        #expect(await slow.labels.until(seconds: 10) { $0.last == "L:9" })
        #expect(slow.labels.read { $0 } == ["T:" + Self.welcomeText, "K:1", "L:3", "T:" + event, "K:6", "L:9"])
    }

    /// A relayed spectator's chat line goes up the relay's subscription with the sender's name.
    @Test func aChatLineSaidOnARelayGoesUpItsSubscriptionWithItsSender() async throws {
        let upstream = ScriptedUpstream([[Self.welcome, Self.keyframe(1)]])
        let hub = hub(upstream) { _ in .unknown }
        let spectator = WatchedOutlet()
        let host = hub.join(code: "ABCDEF", owner: "ws://a/ws", connection: ConnectionID(value: 1), outlet: spectator)
        #expect(await spectator.labels.until(seconds: 10) { $0.contains("K:1") })
        hub.say(code: "ABCDEF", from: "Sam", text: "Great shot!")
        hub.say(code: "NOSUCH", from: "Sam", text: "nowhere to go")
        #expect(await upstream.sent.until(seconds: 10) { !$0.isEmpty })
        #expect(upstream.sent.read { $0 } == [ClientMessage.relayedChat(from: "Sam", text: "Great shot!").encode()])
        hub.leave(code: "ABCDEF", host: host, connection: ConnectionID(value: 1))
    }

    /// A late joiner's welcome carries the whole match's statistics, as at the owner: the
    /// upstream's welcome's, counted on from the events the relay passed on since.
    @Test func aLateJoinersWelcomeCountsThePointsPlayedSinceTheRelaySubscribed() async throws {
        var before = PointTally()
        before.pointsWon = [2, 1]
        before.aces = [1, 0]
        let welcome = ServerMessage.welcome(.init(code: "ABCDEF", seat: nil, token: nil, format: "tiebreak",
                                                  surface: "hard", tickRate: 60, tally: .init(before)))
        let host = RelayHost(code: "ABCDEF")
        let first = WatchedOutlet()
        #expect(host.join(ConnectionID(value: 1), outlet: first))
        host.receive(.text(welcome.encode()))
        host.receive(Self.keyframe(1))
        for event in [MatchEvent.serve(player: 1), .point(winner: 1, reason: .ace)] {
            host.receive(.text(ServerMessage.event(tick: 2, event: WireEvent(event)).encode()))
        }
        host.receive(Self.keyframe(3))
        let late = WatchedOutlet()
        #expect(host.join(ConnectionID(value: 2), outlet: late))
        #expect(await late.labels.until(seconds: 10) { $0.contains("K:3") })
        // (This double, unlike a connection's outlet, also keeps what was shared before its welcome.)
        let text = try #require(late.labels.read { $0 }.first { $0.hasPrefix("T:") && $0.contains(#""welcome""#) }?
            .dropFirst(2))
        guard case .welcome(let seen) = try ServerMessage.decode(String(text)) else {
            Issue.record("not a welcome: \(text)")
            return
        }
        #expect(seen.tally?.points_won == [2, 2])
        #expect(seen.tally?.aces == [1, 1])
        #expect(seen.code == "ABCDEF" && seen.format == "tiebreak")
        // The first joiner had the welcome as it came.
        #expect(await first.labels.until(seconds: 10) { $0.first == "T:" + welcome.encode() })
    }
}
