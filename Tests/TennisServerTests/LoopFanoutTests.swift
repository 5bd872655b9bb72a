import Dispatch
import NIOCore
import NIOPosix
import Synchronization
import TestSupport
import Testing

@testable import TennisServer

@Suite struct LoopFanoutTests {
    private let loop = MultiThreadedEventLoopGroup.singleton.any()

    private func lean(_ byte: UInt8) -> WireFrame { WireFrame(binary: [byte]) }

    /// Keeps the loop busy until the returned semaphore is signalled (an event-loop thread, not the pool).
    private func holdLoop() -> DispatchSemaphore {
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        loop.execute {
            started.signal()
            release.wait()
        }
        started.wait()
        return release
    }

    private func fanout(maxSnapshots: Int = 6, every: UInt64 = 1) -> (LoopFanout, RecordingOutlet) {
        let fanout = LoopFanout(loop: loop, maxSnapshots: maxSnapshots)
        let outlet = RecordingOutlet(eventLoop: loop)
        // Connection 0: its reduced rate's ticks are the multiples of `every` (`staggered` below).
        fanout.add(.init(connection: ConnectionID(value: 0), outlet: outlet, every: every))
        return (fanout, outlet)
    }

    /// NIO reads its sockets only once its task queue is empty. A fan-out that never catches up
    /// (here: each run is handed the next tick while it writes, as a loop whose runs take longer
    /// than a tick is) must still leave its loop a moment to read, or nobody new can connect or
    /// say hello (issue #20's `hello_timeout` under fan-out). A connection's bytes wait on the
    /// loop's socket; the fan-out then runs 2,000 times in a row: the loop must read them while
    /// those runs go on, not only after the last.
    @Test func aLoopWhoseFanOutNeverCatchesUpStillReadsItsSockets() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let runs = Watched(0)
        let heardAt = Watched<Int?>(nil)
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { $0.pipeline.addHandler(ReadFlag { heardAt.update { $0 = $0 ?? runs.read { $0 } } }) }
            .bind(host: "127.0.0.1", port: 0).get()
        // The loop is held while the client connects and writes, so the connection and its bytes
        // wait on the loop's sockets when the fan-out's first run is queued.
        let release = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        loop.execute {
            started.signal()
            release.wait()
        }
        started.wait()
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(to: try #require(server.localAddress)).get()
        try await client.writeAndFlush(ByteBuffer(string: "hello")).get()
        let fanout = LoopFanout(loop: loop)
        let last = 2_000
        let outlet = RepostingOutlet(eventLoop: loop) { tick in
            runs.update { $0 += 1 }
            guard tick < last else { return }
            fanout.tick(controls: [], snapshot: WireFrame(binary: [1]), isKeyframe: true, before: tick, tick: tick + 1)
        }
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: outlet, every: 1))
        fanout.tick(controls: [], snapshot: WireFrame(binary: [1]), isKeyframe: true, before: 0, tick: 1)
        release.signal()
        #expect(await heardAt.until(seconds: 30) { $0 != nil })
        let at = heardAt.read { $0 } ?? last
        #expect(at < last, "read after \(at) of \(last) runs: only once the fan-out stopped")
        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
    }

    @Test func ticksPostedWhileTheLoopIsBusyGoOutTogetherWithOneFlush() async throws {
        let (fanout, outlet) = fanout()
        let release = holdLoop()
        fanout.tick(controls: [.json("point")], snapshot: lean(1), isKeyframe: true, before: 0, tick: 1)
        for tick in UInt64(2)...4 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: false, before: tick - 1, tick: tick)
        }
        release.signal()
        #expect(try await outlet.labels() == ["T:point", "K:1", "L:2", "L:3", "L:4", "F"])
    }

    @Test func aLoopThatFallsFurtherBehindDropsTheOldestLeanSnapshotsNeverAKeyframeOrControl() async throws {
        let (fanout, outlet) = fanout(maxSnapshots: 3)
        let release = holdLoop()
        fanout.tick(controls: [], snapshot: lean(1), isKeyframe: true, before: 0, tick: 1)
        for tick in UInt64(2)...6 {
            fanout.tick(controls: tick == 3 ? [.json("event")] : [], snapshot: lean(UInt8(tick)), isKeyframe: false,
                        before: tick - 1, tick: tick)
        }
        release.signal()
        #expect(try await outlet.labels() == ["K:1", "T:event", "L:5", "L:6", "F"])
    }

    /// A dropped lean snapshot's ticks go to the next one kept: a reduced-rate spectator whose
    /// turns (3 and 6) fell only in dropped snapshots gets the newer picture of the next one, not
    /// nothing until its turn after.
    @Test func aDroppedSnapshotsTicksGoToTheNextOneKeptSoNoTurnIsLost() async throws {
        let (fanout, outlet) = fanout(maxSnapshots: 3, every: 3)
        let release = holdLoop()
        fanout.tick(controls: [], snapshot: lean(1), isKeyframe: true, before: 0, tick: 1)
        for tick in UInt64(2)...8 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: false, before: tick - 1, tick: tick)
        }
        release.signal()
        #expect(try await outlet.labels() == ["K:1", "L:7", "F"])
    }

    @Test func aReducedRateSpectatorGetsEveryNthLeanSnapshotAndEveryKeyframe() async throws {
        let (fanout, outlet) = fanout(every: 3)
        for tick in UInt64(1)...7 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: tick == 5, before: tick - 1, tick: tick)
            _ = try await outlet.labels()
        }
        #expect(try await outlet.labels().filter { $0 != "F" } == ["L:3", "K:5", "L:6"])
    }

    /// In play, a keyframe made between a reduced-rate spectator's turns is not a write of its
    /// own: its next turn brings that tick's keyframe instead of the lean snapshot. Out of play a
    /// keyframe goes at once (nothing else may come for a second), and one on its turn goes as it is.
    @Test func aKeyframeBetweenAReducedRateSpectatorsTurnsComesAsItsNextTurnsKeyframe() async throws {
        let fanout = LoopFanout(loop: loop, turnKeyframes: true)
        let outlet = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 0), outlet: outlet, every: 3))
        let late = RecordingOutlet(eventLoop: loop)
        // Joined with the keyframe of tick 4: it owes nothing for it.
        fanout.add(.init(connection: ConnectionID(value: 3), outlet: late, every: 3, since: 4))
        for tick in UInt64(1)...12 {
            let isKeyframe = [4, 7, 9].contains(tick)
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: isKeyframe,
                        turnKeyframe: isKeyframe ? nil : WireFrame(binary: [UInt8(100 + tick)]), flush: tick == 7,
                        before: tick - 1, tick: tick)
            _ = try await outlet.labels()
        }
        // Turns at 3, 6, 9 and 12: keyframe 4 comes as tick 6's (106); 7 (out of play) at once;
        // 9 on its turn as it is, so 12 owes nothing.
        #expect(try await outlet.labels().filter { $0 != "F" } == ["L:3", "K:106", "K:7", "K:9", "L:12"])
        #expect(try await late.labels().filter { $0 != "F" } == ["L:6", "K:7", "K:9", "L:12"])
    }

    /// The match's events reach a reduced-rate spectator with its next snapshot, in order and
    /// once each, and nothing from before it joined; a player gets each at once. A broadcast (a
    /// roster, a chat line) is not an event: it goes to everyone at once.
    @Test func aReducedRateSpectatorGetsTheEventsSinceItsLastTurnWithItsNextSnapshot() async throws {
        let fanout = LoopFanout(loop: loop, turnKeyframes: true)
        let player = RecordingOutlet(eventLoop: loop)
        let slow = RecordingOutlet(eventLoop: loop)
        let late = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: player, every: 1))
        fanout.add(.init(connection: ConnectionID(value: 0), outlet: slow, every: 3))
        fanout.add(.init(connection: ConnectionID(value: 3), outlet: late, every: 3, since: 4))
        for tick in UInt64(1)...9 {
            let events: [Outbound] = [2, 4, 5].contains(tick) ? [.json("e\(tick)")] : tick == 7 ? [.json("a"), .json("b")] : []
            fanout.tick(controls: events, snapshot: lean(UInt8(tick)), isKeyframe: false,
                        turnKeyframe: WireFrame(binary: [UInt8(100 + tick)]), before: tick - 1, tick: tick)
            if tick == 8 { fanout.post(.json("roster")) }
            _ = try await player.labels()
        }
        #expect(try await player.labels().filter { $0.hasPrefix("T:") }
            == ["T:e2", "T:e4", "T:e5", "T:a", "T:b", "T:roster"])
        #expect(try await slow.labels().filter { $0 != "F" }
            == ["T:e2", "L:3", "T:e4", "T:e5", "L:6", "T:roster", "T:a", "T:b", "L:9"])
        #expect(try await late.labels().filter { $0 != "F" } == ["T:e5", "L:6", "T:roster", "T:a", "T:b", "L:9"])
    }

    /// A run that has nothing for a reduced-rate member (not its turn) passes it over: no write,
    /// and no flush either, on the runs between its turns; the same for a batched member mid-batch.
    @Test func aMemberWithNothingInARunIsPassedOverWithoutAFlush() async throws {
        let fanout = LoopFanout(loop: loop, batching: .rate(ticks: 3), phase: 0, turnKeyframes: true)
        let slow = RecordingOutlet(eventLoop: loop)
        let batched = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 0), outlet: slow, every: 3))
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: batched, every: 1, batched: true))
        for tick in UInt64(1)...6 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: false,
                        turnKeyframe: WireFrame(binary: [UInt8(100 + tick)]), before: tick - 1, tick: tick)
            _ = try await slow.labels()
        }
        #expect(try await slow.labels() == ["L:3", "F", "L:6", "F"])
        // Under the server's 20 Hz it takes turns too: connection 1's are at ticks 2 and 5.
        #expect(try await batched.labels() == ["L:2", "F", "L:5", "F"])
    }

    /// Without keyframes made for turns (a relay passes on the owner's bytes), every keyframe goes at once.
    @Test func withoutTurnKeyframesEveryKeyframeGoesAtOnce() async throws {
        let (fanout, outlet) = fanout(every: 3)
        for tick in UInt64(1)...6 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: tick == 4, before: tick - 1, tick: tick)
            _ = try await outlet.labels()
        }
        #expect(try await outlet.labels().filter { $0 != "F" } == ["L:3", "K:4", "L:6"])
    }

    /// Spectators that asked for the same lower rate get their snapshots on different ticks.
    @Test func reducedRateSpectatorsAreStaggeredByConnection() async throws {
        let fanout = LoopFanout(loop: loop)
        let outlets = (0..<3).map { _ in RecordingOutlet(eventLoop: loop) }
        for (index, outlet) in outlets.enumerated() {
            fanout.add(.init(connection: ConnectionID(value: UInt64(index)), outlet: outlet, every: 3))
        }
        for tick in UInt64(1)...6 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: false, before: tick - 1, tick: tick)
            for outlet in outlets { _ = try await outlet.labels() }
        }
        var seen: [[String]] = []
        for outlet in outlets { seen.append(try await outlet.labels().filter { $0 != "F" }) }
        #expect(seen == [["L:3", "L:6"], ["L:2", "L:5"], ["L:1", "L:4"]])
    }

    @Test func batchedSpectatorsGetTwoTicksPerWriteWhilePlayersGetEachTickAtOnce() async throws {
        let fanout = LoopFanout(loop: loop, batching: .fixed(2), phase: 0)
        let player = RecordingOutlet(eventLoop: loop)
        let spectator = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: player, every: 1))
        fanout.add(.init(connection: ConnectionID(value: 2), outlet: spectator, every: 1, batched: true))
        for tick in UInt64(1)...5 {
            fanout.tick(controls: tick == 3 ? [.json("event")] : [], snapshot: lean(UInt8(tick)), isKeyframe: tick == 1,
                        before: tick - 1, tick: tick)
            _ = try await player.labels()
        }
        #expect(try await player.labels()
            == ["K:1", "F", "L:2", "F", "T:event", "L:3", "F", "L:4", "F", "L:5", "F"])
        // Ticks 0-1, 2-3 and 4-5 are the batches: tick 5's snapshot waits for tick 6.
        #expect(try await spectator.labels() == ["K:1", "L:2", "F", "T:event", "L:3", "L:4", "F"])
    }

    @Test func aCloseReachesBatchedSpectatorsAtOnceWithWhatWasHeldForThem() async throws {
        let fanout = LoopFanout(loop: loop, batching: .fixed(2), phase: 0)
        let spectator = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 12), outlet: spectator, every: 1, batched: true))
        fanout.tick(controls: [], snapshot: lean(1), isKeyframe: false, before: 0, tick: 1)
        #expect(try await spectator.labels().isEmpty, "tick 1 waits for tick 2")
        fanout.post(.close(code: 4503, reason: "server shutting down"))
        #expect(try await spectator.labels() == ["L:1", "C:4503", "F"])
    }

    @Test func aSpectatorJoiningInsideABatchGetsNothingOlderThanItsKeyframe() async throws {
        let fanout = LoopFanout(loop: loop, batching: .fixed(2), phase: 0)
        let early = RecordingOutlet(eventLoop: loop)
        let late = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 12), outlet: early, every: 1, batched: true))
        for tick in UInt64(1)...3 {
            fanout.tick(controls: [], snapshot: lean(UInt8(tick)), isKeyframe: false, before: tick - 1, tick: tick)
            _ = try await early.labels()
        }
        fanout.add(.init(connection: ConnectionID(value: 24), outlet: late, every: 1, batched: true, since: 3))
        fanout.tick(controls: [], snapshot: lean(4), isKeyframe: false, before: 3, tick: 4)
        #expect(try await early.labels() == ["L:1", "L:2", "F", "L:3", "L:4", "F"])
        #expect(try await late.labels() == ["L:4", "F"])
    }

    @Test func aSnapshotOutOfPlayEndsTheBatchAtOnce() async throws {
        let fanout = LoopFanout(loop: loop, batching: .fixed(4), phase: 0)
        let spectator = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 12), outlet: spectator, every: 1, batched: true))
        fanout.tick(controls: [], snapshot: lean(1), isKeyframe: false, before: 0, tick: 1)
        fanout.tick(controls: [.json("forfeit")], snapshot: lean(2), isKeyframe: true, flush: true, before: 1, tick: 2)
        // Ticks 0-3 are a batch, but the match stopped at tick 2: nothing may come for a second.
        #expect(try await spectator.labels() == ["L:1", "T:forfeit", "K:2", "F"])
    }

    /// The server's own lower rate (here a fixed 20 Hz) spreads its spectators over the ticks as
    /// a rate they asked for does: each gets the newest state on its own turns, one write per
    /// turn with the events since its last and, in play, the turn's keyframe when a keyframe
    /// came in between. Players get every tick, keyframe and event at once.
    @Test func theServersLowerRateSpreadsSpectatorsOverTheTicksWithOneWriteEachPerTurn() async throws {
        let fanout = LoopFanout(loop: loop, batching: .rate(ticks: 3), phase: 0, turnKeyframes: true)
        let player = RecordingOutlet(eventLoop: loop)
        let first = RecordingOutlet(eventLoop: loop)
        let second = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: player, every: 1))
        fanout.add(.init(connection: ConnectionID(value: 12), outlet: first, every: 1, batched: true))
        fanout.add(.init(connection: ConnectionID(value: 13), outlet: second, every: 1, batched: true))
        #expect(fanout.hasMembersOnTurns, "its host makes the turns' keyframes")
        for tick in UInt64(1)...9 {
            let isKeyframe = tick == 1 || tick == 7
            fanout.tick(controls: tick == 4 ? [.json("event")] : [], snapshot: lean(UInt8(tick)),
                        isKeyframe: isKeyframe, turnKeyframe: isKeyframe ? nil : WireFrame(binary: [UInt8(100 + tick)]),
                        before: tick - 1, tick: tick)
            _ = try await player.labels()
        }
        let played = try await player.labels().filter { $0 != "F" }
        #expect(played.filter { $0.hasPrefix("L:") }.count == 7 && played.contains("K:7") && played.contains("T:event"))
        // Turns at 3, 6, 9 and at 2, 5, 8: keyframes 1 and 7 come as the next turn's keyframe,
        // the event with the next snapshot.
        #expect(try await first.labels() == ["K:103", "F", "T:event", "L:6", "F", "K:109", "F"])
        #expect(try await second.labels() == ["K:102", "F", "T:event", "L:5", "F", "K:108", "F"])
    }

    /// A spectator under the server's rate follows the loop's rate, never above the rate it
    /// asked for itself; a player and a spectator under batching never take turns.
    @Test func aSpectatorsTurnsFollowTheLoopsRateDownToTheOneItAskedFor() {
        let outlet = RecordingOutlet(eventLoop: loop)
        let rated = MatchHost.Subscriber(connection: ConnectionID(value: 7), outlet: outlet, every: 1, batched: true)
        let slow = MatchHost.Subscriber(connection: ConnectionID(value: 7), outlet: outlet, every: 6, batched: true)
        let player = MatchHost.Subscriber(connection: ConnectionID(value: 7), outlet: outlet, every: 1)
        let at30 = LoopFanout.Plan(rated, newestOnly: true, loopEvery: 2)
        #expect(at30.every == 2 && at30.shift == 1 && at30.rated && at30.onTurns && !at30.batched)
        #expect(LoopFanout.Plan(rated, newestOnly: true, loopEvery: 1).every == 1)
        #expect(LoopFanout.Plan(rated, newestOnly: true, loopEvery: 1).onTurns, "its events still wait for its snapshots")
        #expect(LoopFanout.Plan(slow, newestOnly: true, loopEvery: 3).every == 6)
        #expect(!LoopFanout.Plan(player, newestOnly: true, loopEvery: 3).onTurns)
        let batchedPlan = LoopFanout.Plan(rated, newestOnly: false, loopEvery: 2)
        #expect(batchedPlan.batched && !batchedPlan.onTurns)
        #expect(rated.eventsThrough != nil && player.eventsThrough == nil)
    }

    /// Under `auto`, the loop's rate follows how late its runs' last writes go out (here a clock
    /// that moves 12 ms, then 3 ms, between a tick's post and its run's end): down to 30 Hz, where
    /// a spectator gets only its own turns, and back to 60. Keyframes come in play on every
    /// other tick meanwhile, most of them between its turns: whatever tick the rate changes on,
    /// no lean snapshot reaches it before the newest keyframe (or a later turn's keyframe).
    @Test func aSpectatorsTurnsFollowTheLoopsRateAsItChangesWithNoKeyframeMissed() async throws {
        let clock = SteppingClock(step: 12_000_000)
        let fanout = LoopFanout(loop: loop, batching: .auto, phase: 0, turnKeyframes: true, clock: clock.read)
        let outlet = RecordingOutlet(eventLoop: loop)
        fanout.add(.init(connection: ConnectionID(value: 1), outlet: outlet, every: 1, batched: true))
        func frame(_ tick: UInt64) -> WireFrame { WireFrame(binary: [UInt8(tick & 0xFF), UInt8(tick >> 8)]) }
        var tick: UInt64 = 0
        var rateAt: [UInt64: Int] = [:]  // the loop's ticks per write for each tick's run
        var keyframes: [UInt64] = []
        func post(keyframe: Bool) async throws {
            tick += 1
            rateAt[tick] = fanout.batchTicks
            if keyframe { keyframes.append(tick) }
            fanout.tick(controls: [], snapshot: frame(tick), isKeyframe: keyframe,
                        turnKeyframe: keyframe ? nil : frame(tick), before: tick - 1, tick: tick)
            _ = try await outlet.messages()
        }
        while fanout.batchTicks == 1, tick < 300 { try await post(keyframe: false) }
        #expect(fanout.batchTicks == 2, "12 ms late: down to 30 Hz")
        clock.step = 3_000_000
        while fanout.batchTicks == 2, tick < 2_000 { try await post(keyframe: tick % 2 == 1) }
        #expect(fanout.batchTicks == 1, "3 ms at 30 Hz, about 6 at 60: back up")
        for _ in 0..<10 { try await post(keyframe: tick % 2 == 1) }

        var seenKeyframe: UInt64 = 0
        var leansAfterAKeyframe = 0
        for message in try await outlet.messages() {
            guard case .snapshot(let bytes, let isKeyframe) = message else { continue }
            let at = UInt64(bytes.payload.getInteger(at: bytes.payload.readerIndex, endianness: .little,
                                                     as: UInt16.self) ?? 0)
            #expect(rateAt[at] == 1 || at % 2 == 1, "at 30 Hz only its turns (odd ticks): \(at)")
            if isKeyframe {
                seenKeyframe = at
                continue
            }
            let newest = keyframes.last { $0 <= at } ?? 0
            #expect(newest <= seenKeyframe, "lean \(at) before keyframe \(newest) (last seen \(seenKeyframe))")
            if newest > 0 { leansAfterAKeyframe += 1 }
        }
        #expect(leansAfterAKeyframe > 0)
        #expect(rateAt.values.contains(2) && rateAt[tick] == 1)
    }

    @Test func aBatchingFanOutIsCountedWhileItLives() {
        let metrics = ServerMetrics()
        var fanout: LoopFanout? = LoopFanout(loop: loop, batching: .fixed(2), batchedMeter: metrics.batchedFanouts)
        let unbatched = LoopFanout(loop: loop, batching: .auto, batchedMeter: metrics.batchedFanouts)
        #expect(metrics.exposition().contains("tennis_spectator_batched_fanouts 1"))
        #expect(fanout != nil && unbatched.batchTicks == 1)
        fanout = nil
        #expect(metrics.exposition().contains("tennis_spectator_batched_fanouts 0"))
    }

    @Test func aRemovedConnectionGetsNothingMore() async throws {
        let (fanout, outlet) = fanout()
        #expect(fanout.remove(ConnectionID(value: 0)))
        fanout.post(.json("roster"))
        #expect(try await outlet.labels().isEmpty)
    }
}

extension LoopFanout {
    /// Posts a tick and, as the tick driver does, starts a run on the loop when one is needed.
    fileprivate func tick(controls: [Outbound], snapshot: WireFrame, isKeyframe: Bool, turnKeyframe: WireFrame? = nil,
                          flush: Bool = false, before: UInt64, tick: UInt64) {
        if post(controls: controls, snapshot: snapshot, isKeyframe: isKeyframe, turnKeyframe: turnKeyframe,
                flush: flush, before: before, tick: tick) {
            loop.execute { self.run() }
        }
    }
}

/// An outlet that hands each snapshot's tick to `next` as it is delivered: a fan-out posted to
/// while it writes, again and again.
private final class RepostingOutlet: ConnectionOutlet {
    let eventLoop: any EventLoop
    private let next: @Sendable (UInt64) -> Void
    private let tick = Mutex<UInt64>(0)

    init(eventLoop: any EventLoop, next: @escaping @Sendable (UInt64) -> Void) {
        self.eventLoop = eventLoop
        self.next = next
    }

    func deliver(_ message: Outbound, shared: Bool) {
        let now = tick.withLock { tick in
            tick += 1
            return tick
        }
        next(now)
    }

    func flush() {}
}

/// A clock that moves `step` nanoseconds each time it is read: a fan-out reads it when a tick is
/// posted and when its run ends, so each run ends `step` after its tick.
private final class SteppingClock: Sendable {
    private let now = Atomic<UInt64>(0)
    private let stepping: Atomic<UInt64>

    init(step: UInt64) { stepping = Atomic(step) }

    var step: UInt64 {
        get { stepping.load(ordering: .relaxed) }
        set { stepping.store(newValue, ordering: .relaxed) }
    }

    @Sendable func read() -> UInt64 {
        now.add(stepping.load(ordering: .relaxed), ordering: .relaxed).newValue
    }
}

/// Calls `heard` on each read.
private final class ReadFlag: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let heard: @Sendable () -> Void

    init(_ heard: @escaping @Sendable () -> Void) { self.heard = heard }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heard()
    }
}
