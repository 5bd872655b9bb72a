import Foundation
import NIOCore
import TennisCore
import TennisProtocol

extension MatchHost {
    /// Runs the match at 60 Hz (on the process's `TickDriver`) until it is over and has
    /// lingered, or is cancelled; then records an unfinished match and tells everyone. The record
    /// is written on a task of its own (`MatchRecorder`), which cancelling this one does not stop.
    func run() async {
        await TickDriver.shared.drive(self)
        if let record = state.withLock({ $0.takeRecord(code: code, ending: .abandoned, invite: invite) }) {
            recorder?.record(record, logger: logger)
        }
        closeAll(code: WireProtocol.CloseCode.serverShutdown,
                 reason: Task.isCancelled ? "server shutting down" : "match closed")
    }

    /// Ticks between rosters that only report spectators coming and going (4 a second).
    static var rosterEvery: UInt64 { UInt64(MatchState.ticksPerSecond / 4) }

    /// Steps the room and fans out one snapshot (the loops that need a run are added to `runs`);
    /// false once the match should be retired: finished or empty for `lingerSeconds`, or without
    /// a player for `unjoinedExpiryTicks` since it was created. A match that just finished is recorded.
    func advance(steps: Int, runs: inout FanoutRuns) -> Bool {
        let (keepGoing, record) = step(steps: steps, runs: &runs)
        if let record { recorder?.record(record, logger: logger) }
        return keepGoing
    }

    private func step(steps: Int, runs: inout FanoutRuns) -> (Bool, MatchRecord?) {
        let lingerTicks = UInt64(settings.lingerSeconds * Double(MatchState.ticksPerSecond))
        return state.withLock { inner in
            inner.events.removeAll(keepingCapacity: true)
            let wasFinished = inner.room.status == .finished
            let before = inner.room.roomTick
            for _ in 0..<steps { inner.room.tick(events: &inner.events) }
            let perSecond = UInt64(MatchState.ticksPerSecond)
            if inner.room.status == .paused, inner.room.roomTick / perSecond != before / perSecond {
                inner.broadcastRoster()
            } else if inner.rosterDue, inner.room.roomTick / Self.rosterEvery != before / Self.rosterEvery {
                inner.broadcastRoster()
            }
            if inner.startedAt == nil, inner.room.status == .playing { inner.startedAt = Date() }
            var record: MatchRecord?
            if !wasFinished, inner.room.status == .finished {
                record = inner.takeRecord(code: code, ending: inner.room.forfeitWinner == nil ? .played : .forfeit,
                                          invite: invite)
            }
            var texts: [Outbound] = []
            for event in inner.events {
                texts.append(.json(ServerMessage.event(tick: inner.room.match.tick, event: WireEvent(event)).encode()))
            }
            if !wasFinished, inner.room.status == .finished, let winner = inner.room.forfeitWinner {
                texts.append(.json(ServerMessage.event(tick: inner.room.match.tick,
                                                       event: WireEvent(kind: "forfeit", player: winner)).encode()))
            }
            let snapshot = inner.room.snapshot(now: MonotonicClock.micros())
            let isKeyframe = inner.needsKeyframe(snapshot)
            let frame = WireFrame(binary: isKeyframe ? snapshot.encode() : LeanSnapshot.encode(snapshot))
            let tick = inner.room.roomTick
            // Handed to each event loop, which writes to each of its connections and flushes each once.
            for fanout in inner.loops
            where fanout.post(controls: texts, snapshot: frame, isKeyframe: isKeyframe, before: before, tick: tick) {
                runs.add(fanout)
            }
            if inner.room.isEmpty || inner.room.status == .finished {
                inner.idleTicks += UInt64(steps)
            } else {
                inner.idleTicks = 0
            }
            // Nobody ever sat down: gone sooner than a match that had players.
            let unjoinedExpired = !inner.room.hadPlayers && inner.room.roomTick >= unjoinedExpiryTicks
            return (inner.idleTicks < lingerTicks && !unjoinedExpired, record)
        }
    }

    /// Tells every connection the match is closing.
    func closeAll(code: UInt16, reason: String) {
        state.withLock { inner in
            inner.broadcast(.close(code: code, reason: reason))
            inner.subscribers.removeAll()
            inner.loops.removeAll()
        }
    }
}

extension MatchHost.Inner {
    /// A full snapshot is due when what lean snapshots leave out has changed, or a second has passed.
    mutating func needsKeyframe(_ snapshot: Snapshot) -> Bool {
        let due = keyframe.map {
            $0.score != snapshot.view.score || snapshot.view.tick &- $0.tick >= UInt32(MatchState.ticksPerSecond)
                || room.roomTick &- $0.roomTick >= UInt64(MatchState.ticksPerSecond)
        } ?? true
        if due { keyframe = (snapshot.view.score, snapshot.view.tick, room.roomTick) }
        return due
    }

    /// The record of this match, once: nil if it never started or was already recorded.
    mutating func takeRecord(code: String, ending: MatchEnding, invite: String?) -> MatchRecord? {
        guard let startedAt, !recorded else { return nil }
        recorded = true
        let score = room.match.score
        let winner = score.winner >= 0 ? Int(score.winner) : room.forfeitWinner
        return MatchRecord(code: code, names: room.names, config: room.match.config, startedAt: startedAt,
                           endedAt: Date(), score: score, winner: winner, ending: ending, replay: room.replay,
                           invite: invite)
    }
}
