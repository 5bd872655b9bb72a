import TennisCore

/// The state of a replay being watched: where it is, how fast it goes, and the points to seek to.
/// Pure: the screen feeds it elapsed time and keys, and draws `state`.
struct ReplayPlayback {
    static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8]

    let replay: Replay
    private(set) var cursor: Replay.Player
    /// The cursor at the start of each point (the first at tick 0), for seeking.
    let checkpoints: [Replay.Player]
    private(set) var speedIndex = 2
    var paused = false
    private var pending = 0.0

    init(replay: Replay) {
        self.replay = replay
        var cursor = replay.player()
        var checkpoints = [cursor]
        var events: [MatchEvent] = []
        var pointEnded = false
        while cursor.state.tick < replay.finalTick {
            events.removeAll(keepingCapacity: true)
            cursor.step(events: &events)
            if events.contains(where: { if case .point = $0 { true } else { false } }) { pointEnded = true }
            if pointEnded, cursor.state.phase == .serving, cursor.state.tick < replay.finalTick {
                checkpoints.append(cursor)
                pointEnded = false
            }
        }
        self.checkpoints = checkpoints
        self.cursor = replay.player()
    }

    var state: MatchState { cursor.state }
    var speed: Double { Self.speeds[speedIndex] }
    var atEnd: Bool { cursor.state.tick >= replay.finalTick }
    /// The point being shown, counting from 0.
    var pointIndex: Int { (checkpoints.lastIndex { $0.state.tick <= cursor.state.tick }) ?? 0 }

    mutating func faster() { speedIndex = min(speedIndex + 1, Self.speeds.count - 1) }
    mutating func slower() { speedIndex = max(speedIndex - 1, 0) }

    /// To the start of the next point (or the end).
    mutating func nextPoint() {
        let next = pointIndex + 1
        if next < checkpoints.count {
            cursor = checkpoints[next]
        } else {
            var events: [MatchEvent] = []
            while !atEnd { cursor.step(events: &events); events.removeAll(keepingCapacity: true) }
        }
        pending = 0
    }

    /// To the start of this point, or of the one before if this one has just started (under a second in).
    mutating func previousPoint() {
        var index = pointIndex
        if cursor.state.tick - checkpoints[index].state.tick < UInt32(MatchState.ticksPerSecond), index > 0 { index -= 1 }
        cursor = checkpoints[index]
        pending = 0
    }

    mutating func restart() {
        cursor = checkpoints[0]
        pending = 0
    }

    /// Plays `seconds` of wall time at the current speed, appending what happened to `events`.
    mutating func advance(seconds: Double, events: inout [MatchEvent]) {
        guard !paused, !atEnd else { return }
        pending += seconds * speed * Double(MatchState.ticksPerSecond)
        // Never run more than half a second of match time per frame (after a stall, catch up gradually).
        pending = min(pending, 8 * 30)
        while pending >= 1, !atEnd {
            cursor.step(events: &events)
            pending -= 1
        }
        if atEnd { paused = true }
    }

    /// "0.25×", "2×".
    var speedText: String {
        speed == speed.rounded() ? "\(Int(speed))×" : "\(speed)×"
    }
}
