import Foundation
import NIOCore
import TennisCore
import TennisProtocol
import TennisRecords

extension MatchHost {
    /// Runs the match at 60 Hz (on `ticks`: the process's `TickDriver`) until it is over and has
    /// lingered, or is cancelled; then records an unfinished match and tells everyone. The record
    /// is written on a task of its own (`MatchRecorder`), which cancelling this one does not stop.
    func run(ticks: any TickSource = TickDriver.shared) async {
        await ticks.drive(self)
        if let record = state.withLock({ $0.takeRecord(code: code, ending: .abandoned, invite: invite) }) {
            recorder?.record(record, logger: logger)
        }
        closeAll(code: WireProtocol.CloseCode.serverShutdown,
                 reason: Task.isCancelled ? settings.shutdownReason : WireProtocol.CloseReason.matchClosed)
    }

    /// The event loops this match's connections live on (a tick's fan-out runs on them).
    var eventLoops: [any EventLoop] { state.withLock { $0.loops.map(\.loop) } }

    /// Steps the room and fans out one snapshot (the loops that need a run are added to `runs`);
    /// false once the room should be retired (`RoomTick.retire`). A match that just ended is recorded.
    func advance(steps: Int, runs: inout FanoutRuns) -> Bool {
        let (keepGoing, record) = step(steps: steps, runs: &runs)
        if let record { recorder?.record(record, logger: logger) }
        return keepGoing
    }

    private func step(steps: Int, runs: inout FanoutRuns) -> (Bool, MatchRecord?) {
        state.withLock { inner in
            let before = inner.room.roomTick
            var outcome = RoomTick()
            for _ in 0..<steps { outcome.merge(inner.room.tick()) }
            if outcome.rosterDue { inner.broadcastRoster() }
            inner.noteStart()
            var record: MatchRecord?
            if let ending = outcome.ended {
                record = inner.takeRecord(code: code, ending: ending, invite: invite)
            }
            let tick = inner.room.match.tick
            var texts = outcome.events.map { Outbound.json(ServerMessage.event(tick: tick, event: WireEvent($0)).encode()) }
            if outcome.ended == .forfeit, let winner = inner.room.winner {
                texts.append(.json(ServerMessage.event(tick: tick, event: WireEvent(kind: "forfeit", player: winner))
                    .encode()))
            }
            let snapshot = inner.room.snapshot(now: MonotonicClock.micros())
            guard let isKeyframe = inner.snapshotDue(snapshot) else {
                // Nothing moves: no snapshot this tick, but what happened still goes out.
                for text in texts { inner.broadcast(text) }
                return (!outcome.retire, record)
            }
            let frame = WireFrame(binary: isKeyframe ? snapshot.encode() : LeanSnapshot.encode(snapshot))
            // Spectators on turns get a keyframe made between their turns as the keyframe of their next turn.
            let turnKeyframe = !isKeyframe && inner.loops.contains(where: \.hasMembersOnTurns)
                ? WireFrame(binary: snapshot.encode()) : nil
            let roomTick = inner.room.roomTick
            // Out of play no snapshot may follow for a second: batched spectators get it now.
            let flush = snapshot.status != .playing
            // Handed to each event loop, which writes to each of its connections and flushes each once.
            for fanout in inner.loops where fanout.post(controls: texts, snapshot: frame, isKeyframe: isKeyframe,
                                                        turnKeyframe: turnKeyframe, flush: flush, before: before,
                                                        tick: roomTick) {
                runs.add(fanout)
            }
            return (!outcome.retire, record)
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
    /// Which snapshot this tick sends: nil for none, else whether it is a keyframe.
    ///
    /// In play, one every tick: a keyframe when what lean snapshots leave out (the score, the
    /// status) changed or a second has passed since the last, and on the tick after the ball was
    /// hit or bounced (lean snapshots leave out its velocity, which a client works out from two
    /// positions: across a hit or a bounce, a spectator at a lower rate would get it wrong, and
    /// a keyframe made between its turns makes its next turn a keyframe, `LoopFanout`); else a
    /// lean one. Out of play (waiting, paused, finished) nothing moves, so only a keyframe when
    /// the status changed and a heartbeat keyframe once a second. (Each joiner also gets a
    /// keyframe with its welcome.)
    mutating func snapshotDue(_ snapshot: Snapshot) -> Bool? {
        let every = UInt64(MatchState.ticksPerSecond * WireProtocol.idleKeyframeSeconds)
        let changed = keyframe.map { $0.score != snapshot.view.score || $0.status != snapshot.status } ?? true
        let heartbeat = keyframe.map { room.roomTick &- $0.roomTick >= every } ?? true
        let ball = (hitter: snapshot.view.ball.lastHitter, bounces: snapshot.view.ball.bounces)
        let struck = lastBall.map { $0 != ball } ?? false
        lastBall = ball
        guard changed || heartbeat || snapshot.status == .playing else { return nil }
        let due = changed || heartbeat || (struck && snapshot.status == .playing)
        if due { keyframe = (snapshot.view.score, snapshot.status, room.roomTick) }
        return due
    }

    /// The record of this match, once: nil if it never started or was already recorded.
    mutating func takeRecord(code: String, ending: MatchEnding, invite: String?) -> MatchRecord? {
        guard let startedAt, !recorded else { return nil }
        recorded = true
        let score = room.match.score
        let winner = room.winner
        return MatchRecord(code: code, names: room.names, config: room.match.config, startedAt: startedAt,
                           endedAt: Date(), score: score, winner: winner, ending: ending, replay: room.replay,
                           invite: invite, fingerprints: room.fingerprints)
    }
}
