import NIOCore
import TennisCore
import TennisProtocol

extension MatchHost {
    /// Runs the match at a fixed 60 Hz until it is over and has lingered, or is cancelled.
    ///
    /// Deadlines are `start + n·dt` on the monotonic clock, so the loop never drifts; when it
    /// wakes late it runs the missed steps (at most `maxCatchUp`) and sends one snapshot.
    func run() async {
        let clock = ContinuousClock()
        let start = clock.now
        let maxCatchUp: Int64 = 5
        var tick: Int64 = 0
        while !Task.isCancelled {
            let deadline = start + .nanoseconds((tick + 1) * 1_000_000_000 / Int64(MatchState.ticksPerSecond))
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                break
            }
            let elapsed = clock.now - start
            let due = elapsed.components.seconds * Int64(MatchState.ticksPerSecond)
                + elapsed.components.attoseconds / (1_000_000_000_000_000_000 / Int64(MatchState.ticksPerSecond))
            let steps = max(1, min(maxCatchUp, due - tick))
            if due - tick > maxCatchUp { tick = due - maxCatchUp }
            tick += steps
            if !advance(steps: Int(steps)) { break }
        }
        closeAll(code: WireProtocol.CloseCode.serverShutdown, reason: "match closed")
    }

    /// Steps the room and fans out one snapshot; false once the match should be retired.
    private func advance(steps: Int) -> Bool {
        let lingerTicks = UInt64(settings.lingerSeconds * Double(MatchState.ticksPerSecond))
        return state.withLock { inner in
            inner.events.removeAll(keepingCapacity: true)
            let wasFinished = inner.room.status == .finished
            for _ in 0..<steps { inner.room.tick(events: &inner.events) }
            var texts: [String] = []
            for event in inner.events {
                texts.append(ServerMessage.event(tick: inner.room.match.tick, event: WireEvent(event)).encode())
            }
            if !wasFinished, inner.room.status == .finished, let winner = inner.room.forfeitWinner {
                texts.append(ServerMessage.event(tick: inner.room.match.tick,
                                                 event: WireEvent(kind: "forfeit", player: winner)).encode())
            }
            let bytes = inner.room.snapshot(now: MonotonicClock.micros()).encode()
            let buffer = ByteBuffer(bytes: bytes)
            for continuation in inner.subscribers.values {
                for text in texts { continuation.yield(.text(text)) }
                continuation.yield(.binary(buffer))
            }
            if inner.room.isEmpty || inner.room.status == .finished {
                inner.idleTicks += UInt64(steps)
            } else {
                inner.idleTicks = 0
            }
            return inner.idleTicks < lingerTicks
        }
    }

    /// Tells every connection the match is closing.
    func closeAll(code: UInt16, reason: String) {
        state.withLock { inner in
            for continuation in inner.subscribers.values {
                continuation.yield(.close(code: code, reason: reason))
                continuation.finish()
            }
            inner.subscribers.removeAll()
        }
    }
}
