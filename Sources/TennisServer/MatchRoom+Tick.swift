import TennisCore
import TennisProtocol
import TennisRecords

/// What one tick (or a few, merged) of a room did: everything `MatchHost` needs to decide what to
/// send, record or retire, without comparing the room before and after.
struct RoomTick {
    /// What happened in the match, in order.
    var events: [MatchEvent] = []
    /// The match ended on this tick, so: record it with this ending (a forfeit is also announced).
    var ended: MatchEnding?
    /// The roster should go out now: a paused match's countdown crossed a whole second, or
    /// spectators came or went and a roster slot (`MatchRoom.rosterEvery`) came round.
    var rosterDue = false
    /// The room has been empty or finished for its linger, or nobody took a seat in time.
    var retire = false

    /// Adds a later tick's outcome to this one.
    mutating func merge(_ later: RoomTick) {
        events += later.events
        ended = ended ?? later.ended
        rosterDue = rosterDue || later.rosterDue
        retire = retire || later.retire
    }
}

extension MatchRoom {
    /// Ticks between rosters that only report spectators coming and going (4 a second).
    static var rosterEvery: UInt64 { UInt64(MatchState.ticksPerSecond / 4) }

    /// Advances the room by one tick and says what happened.
    mutating func tick() -> RoomTick {
        roomTick += 1
        var outcome = RoomTick()
        switch status {
        case .playing:
            var inputs = held
            for index in 0..<2 {
                inputs[index].swing = pendingSwing[index]
                pendingSwing[index] = nil
            }
            log.record(tick: match.tick, inputs: inputs)
            match.step(inputs: inputs, events: &outcome.events)
            for event in outcome.events { tally.record(event) }
            if match.score.winner >= 0 {
                status = .finished
                outcome.ended = .played
            }
        case .paused:
            if checkForfeit() {
                outcome.ended = .forfeit
            } else if roomTick % UInt64(MatchState.ticksPerSecond) == 0 {
                outcome.rosterDue = true
            }
        case .waitingForOpponent, .finished:
            break
        }
        if rosterStale, roomTick % Self.rosterEvery == 0 { outcome.rosterDue = true }
        idleTicks = isEmpty || status == .finished ? idleTicks + 1 : 0
        // Nobody ever sat down: gone sooner than a match that had players.
        outcome.retire = idleTicks >= lingerTicks || (!hadPlayers && roomTick >= unjoinedExpiryTicks)
        return outcome
    }

    /// Ends the match by forfeit once an away player's grace is over; true if it did.
    private mutating func checkForfeit() -> Bool {
        for index in 0..<2 {
            guard let since = seats[index]?.disconnectedAt, roomTick - since >= graceTicks else { continue }
            forfeitWinner = 1 - index
            status = .finished
            return true
        }
        return false
    }
}
