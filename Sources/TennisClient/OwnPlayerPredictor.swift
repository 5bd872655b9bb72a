import TennisCore
import TennisProtocol

/// Shows your own player where your keys have already put them, using the server's own
/// movement code (`PlayerState.move`), and reconciles with every snapshot.
///
/// The client counts local ticks at 60 Hz. It remembers which direction was held on every
/// local tick and the local tick each input was sent on. A snapshot says which input the
/// server had applied last (`lastInputSeq`); the first snapshot acknowledging an input fixes
/// how local ticks line up with server ticks (`offset`). Prediction then rewinds to the
/// snapshot's position and replays the held directions from that snapshot's local tick to now:
/// exactly the inputs the server has not applied yet. When the server agrees, nothing moves.
public struct OwnPlayerPredictor: Sendable {
    public let seat: Int
    private var held: [(tick: Int64, input: PlayerInput)] = []
    private var sentAt: [UInt32: Int64] = [:]
    private var lastAck: UInt32 = 0
    private var offsetSamples: [(tick: Int64, offset: Int64)] = []
    private var previous: (tick: UInt32, position: Vec2)?
    /// The server tick → local tick shift, once an input has been acknowledged.
    public private(set) var offset: Int64?

    public init(seat: Int) {
        self.seat = seat
    }

    /// Notes that `input` was sent as `seq` on `localTick` and is held from then on.
    public mutating func sent(_ input: PlayerInput, seq: UInt32, localTick: Int64) {
        sentAt[seq] = localTick
        held.append((localTick, PlayerInput(moveX: input.moveX, moveY: input.moveY)))
        if held.count > 512 { held.removeFirst(held.count - 512) }
        if sentAt.count > 512 { sentAt = sentAt.filter { $0.key > seq &- 256 } }
    }

    /// A new connection numbers inputs from 1 again.
    public mutating func reset() {
        sentAt.removeAll()
        lastAck = 0
        offsetSamples.removeAll()
        offset = nil
    }

    /// Learns the tick alignment from a snapshot's acknowledgement.
    public mutating func observe(_ snapshot: Snapshot, localTick: Int64) {
        let ack = snapshot.lastInputSeq[seat]
        if ack > lastAck, let sent = sentAt[ack] {
            // The input was applied at or before this tick, so this sample is at most the true shift.
            offsetSamples.append((localTick, sent - Int64(snapshot.view.tick)))
            offsetSamples.removeAll { localTick - $0.tick > 120 }
            offset = offsetSamples.map(\.offset).max()
        }
        if ack > lastAck || ack < lastAck { lastAck = ack }
    }

    /// Where to draw your player on `localTick`, given the newest snapshot.
    public mutating func position(_ snapshot: Snapshot, localTick: Int64) -> Vec2 {
        let server = snapshot.view.players[seat].position
        defer { previous = (snapshot.view.tick, server) }
        guard let offset, snapshot.status == .playing, snapshot.view.phase == .rally || snapshot.view.phase == .pointOver
        else { return server }
        var player = PlayerState(position: server)
        if let previous, snapshot.view.tick == previous.tick &+ 1 {
            player.velocity = Vec2(x: (server.x - previous.position.x) * Double(MatchState.ticksPerSecond),
                                   y: (server.y - previous.position.y) * Double(MatchState.ticksPerSecond))
        }
        let start = Int64(snapshot.view.tick) + offset
        let steps = max(0, min(60, localTick - start))
        var index = held.lastIndex { $0.tick <= start } ?? -1
        var input = index >= 0 ? held[index].input : .idle
        for step in 0..<steps {
            let tick = start + step
            while index + 1 < held.count, held[index + 1].tick <= tick {
                index += 1
                input = held[index].input
            }
            player.move(input: input, side: -PlayerState.facing(seat), dt: MatchState.dt)
        }
        return player.position
    }
}
