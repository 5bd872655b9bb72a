import Logging
import NIOPosix
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

/// What a match sends as its ticks go by, stepped by hand (no clock: each `advance` is one tick).
@Suite struct MatchHostTickTests {
    private let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    private let ann = ConnectionID(value: 1)
    private let bob = ConnectionID(value: 2)

    private func host(grace: Double = 1) -> MatchHost {
        MatchHost(code: "TICKS", config: MatchConfig(seed: 7, format: .short, surface: .hard),
                  settings: ServerConfiguration(reconnectGraceSeconds: grace), logger: silent)
    }

    /// Every outlet of a test on this one loop, so a tick's messages can be waited for.
    private let loop = MultiThreadedEventLoopGroup.singleton.next()

    /// Steps `host` `ticks` times, letting the loop write each tick's messages before the next.
    private func advance(_ host: MatchHost, ticks: Int) async throws {
        for _ in 0..<ticks {
            var runs = FanoutRuns()
            _ = host.advance(steps: 1, runs: &runs)
            runs.start()
            try await loop.submit {}.get()
        }
    }

    private func join(_ host: MatchHost, _ role: Role, _ connection: ConnectionID) throws -> RecordingOutlet {
        let outlet = RecordingOutlet(eventLoop: loop)
        _ = try host.join(.init(role: role, code: "TICKS", name: "\(connection)"), connection: connection, outlet: outlet)
        return outlet
    }

    /// Every snapshot an outlet got, decoded in order.
    private func snapshots(_ outlet: RecordingOutlet) async throws -> [Snapshot] {
        var stream = SnapshotStream()
        var decoded: [Snapshot] = []
        for case .snapshot(let frame, _) in try await outlet.messages() {
            if let snapshot = try stream.decode(Array(frame.payload.readableBytesView)) { decoded.append(snapshot) }
        }
        return decoded
    }

    /// A spectator at 10 a second gets one snapshot every sixth tick and nothing between, the
    /// keyframe of each second included: it comes as the keyframe of its next turn, made for that
    /// tick, so what it shows is what the players saw at the same tick.
    @Test func aReducedRateSpectatorGetsTheSecondsKeyframeOnItsOwnTurn() async throws {
        let host = host()
        let player = try join(host, .player, ann)
        _ = try join(host, .player, bob)
        let slow = RecordingOutlet(eventLoop: loop)
        _ = try host.join(.init(role: .spectator, code: "TICKS", name: "s", rate: 10), connection: ConnectionID(value: 7),
                          outlet: slow)
        try await advance(host, ticks: 3 * MatchState.ticksPerSecond)
        let keyframes = try await slow.messages().filter {
            if case .snapshot(_, isKeyframe: true) = $0 { true } else { false }
        }
        let seen = try await snapshots(slow)
        let ticks = seen.dropFirst().map(\.view.tick)  // after the keyframe it joined with
        // One a turn, the second's keyframe included: 30 in 180 ticks (a loop that falls behind
        // may drop a lean one, latest wins, never add one; the match's own tick may pause a tick
        // now and then on a busy machine, so the spacing is not checked in its ticks).
        #expect((15...31).contains(ticks.count), "\(ticks.count) snapshots in 180 ticks: \(ticks)")
        #expect(keyframes.count >= 3, "the joiner's keyframe, then one a second on a turn")
        let players = Dictionary(try await snapshots(player).map { ($0.view.tick, $0) }) { first, _ in first }
        for snapshot in seen.dropFirst() {
            let same = try #require(players[snapshot.view.tick])
            #expect(snapshot.view.score == same.view.score && snapshot.status == same.status)
        }
    }

    @Test func aSpectatorArrivingAfterAForfeitReadsTheWinnerFromItsFirstKeyframe() async throws {
        let host = host(grace: 1)
        _ = try join(host, .player, ann)
        _ = try join(host, .player, bob)
        try await advance(host, ticks: 10)
        host.leave(bob)
        try await advance(host, ticks: MatchState.ticksPerSecond + 5)
        let late = try join(host, .spectator, ConnectionID(value: 3))
        let first = try #require(try await snapshots(late).first)
        #expect(first.status == .finished)
        #expect(first.view.phase == .matchOver)
        #expect(first.view.score.winner == 0, "Ann won by forfeit")
        // The listing, as PROTOCOL.md describes its `score`: a short match's games, then points.
        #expect(host.summary.state == "finished")
        #expect(host.summary.score == "0-0 0-0")
    }

    @Test func anOpponentGoneBeforeTheFirstTickStillLeavesAForfeitToRecord() async throws {
        let archive = MemoryArchive()
        let host = MatchHost(code: "TICKS", config: MatchConfig(seed: 7, format: .short, surface: .hard),
                             settings: ServerConfiguration(reconnectGraceSeconds: 1), logger: silent,
                             recorder: MatchRecorder(archive: archive))
        _ = try join(host, .player, ann)
        _ = try join(host, .player, bob)
        host.leave(bob)  // before any tick: the match was in play for no time at all
        try await advance(host, ticks: MatchState.ticksPerSecond + 5)
        #expect(await archive.records.until { !$0.isEmpty }, "the forfeit is recorded")
        let record = try #require(archive.records.read { $0.first })
        #expect(record.ending == .forfeit)
        #expect(record.winner == 0)
        #expect(try record.replay.verify().score == record.score)
    }

    /// The snapshots an outlet got, as (keyframe?, status) in order.
    private func kinds(_ outlet: RecordingOutlet) async throws -> [(key: Bool, status: MatchStatus)] {
        var stream = SnapshotStream()
        var kinds: [(Bool, MatchStatus)] = []
        for case .snapshot(let frame, let key) in try await outlet.messages() {
            if let snapshot = try stream.decode(Array(frame.payload.readableBytesView)) { kinds.append((key, snapshot.status)) }
        }
        return kinds
    }

    @Test func snapshotsFlowOnlyInPlayOtherwiseAKeyframeOnEachChangeAndOnceASecond() async throws {
        let host = host(grace: 30)
        let annOutlet = try join(host, .player, ann)
        // Waiting for an opponent: the welcome's keyframe, then the first tick's and one a second
        // after it (ticks 1, 61, 121).
        try await advance(host, ticks: 3 * MatchState.ticksPerSecond)
        var seen = try await kinds(annOutlet)
        #expect(seen.count == 4, "\(seen.count) snapshots in 3 s of waiting")
        #expect(seen.allSatisfy { $0.key && $0.status == .waitingForOpponent })

        // In play: one every tick, starting with a keyframe that says so.
        _ = try join(host, .player, bob)
        try await advance(host, ticks: MatchState.ticksPerSecond)
        seen = Array(try await kinds(annOutlet).dropFirst(4))
        #expect(seen.count == MatchState.ticksPerSecond)
        #expect(seen.first?.key == true && seen.first?.status == .playing)
        #expect(seen.filter { !$0.key }.count >= MatchState.ticksPerSecond - 3, "lean snapshots in between")

        // Paused: a keyframe at once (the status changed), then one a second later.
        host.leave(bob)
        try await advance(host, ticks: 2 * MatchState.ticksPerSecond)
        seen = Array(try await kinds(annOutlet).dropFirst(4 + MatchState.ticksPerSecond))
        #expect(seen.count == 2, "\(seen.count) snapshots in 2 s of pause")
        #expect(seen.allSatisfy { $0.key && $0.status == .paused })
    }

    /// Lean snapshots leave out the ball's velocity; a client works it out from two positions,
    /// which across a hit or a bounce is wrong unless they are one tick apart. So the snapshot
    /// after the ball's last hitter or bounce count changed is a keyframe: a spectator at a
    /// lower rate gets it as its next turn's keyframe, with the velocity after the hit. (Nobody
    /// swings here: after 8 s the server serves by itself and the ball bounces on.)
    @Test func theSnapshotAfterAHitOrABounceIsAKeyframe() async throws {
        let host = host(grace: 30)
        let annOutlet = try join(host, .player, ann)
        _ = try join(host, .player, bob)
        try await advance(host, ticks: 11 * MatchState.ticksPerSecond)
        var stream = SnapshotStream()
        var seen: [(key: Bool, snapshot: Snapshot)] = []
        for case .snapshot(let frame, let key) in try await annOutlet.messages() {
            if let snapshot = try stream.decode(Array(frame.payload.readableBytesView)) { seen.append((key, snapshot)) }
        }
        var struck = 0
        for (before, after) in zip(seen, seen.dropFirst()) where after.snapshot.status == .playing {
            let a = before.snapshot.view.ball, b = after.snapshot.view.ball
            guard a.lastHitter != b.lastHitter || a.bounces != b.bounces else { continue }
            struck += 1
            #expect(after.key, "tick \(after.snapshot.view.tick): hitter \(a.lastHitter) → \(b.lastHitter), bounces \(a.bounces) → \(b.bounces)")
        }
        #expect(struck >= 2, "the serve and its bounce: \(struck)")
    }

    /// A player who comes back mid-match gets the whole match's statistics in its `welcome`, so
    /// its end screen counts every point, not only those after the reconnect (issue 15: 0–2
    /// shown instead of 4–7).
    @Test func aReturningPlayersWelcomeCarriesTheWholeMatchsTally() async throws {
        let host = host(grace: 30)
        let annOutlet = try join(host, .player, ann)
        let bobHello = ClientMessage.Hello(role: .player, code: "TICKS", name: "bob")
        let first = RecordingOutlet(eventLoop: loop)
        let (bobWelcome, _) = try host.join(bobHello, connection: bob, outlet: first)
        // Nobody swings: every serve is struck automatically after 8 s and points are played out.
        try await advance(host, ticks: 40 * MatchState.ticksPerSecond)
        let points = try await annOutlet.texts().compactMap { text -> Int? in
            guard case .event(_, let event)? = try? ServerMessage.decode(text), event.kind == "point" else { return nil }
            return event.player
        }
        #expect(points.count >= 2, "auto-served points were played: \(points)")
        host.leave(bob)
        var hello = bobHello
        hello.token = bobWelcome.token
        let (again, _) = try host.join(hello, connection: ConnectionID(value: 9), outlet: RecordingOutlet(eventLoop: loop))
        let tally = try #require(again.tally?.pointTally)
        #expect(tally.pointsWon == [points.filter { $0 == 0 }.count, points.filter { $0 == 1 }.count])
        #expect(tally.longestRally >= 1)
        #expect(bobWelcome.tally?.pointTally == PointTally(), "a fresh match starts from zero")
    }
}
