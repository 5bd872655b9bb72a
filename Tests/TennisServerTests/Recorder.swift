import TestSupport
import TennisClient
import TennisCore
import TennisProtocol

/// Collects what a client receives, for assertions from outside its task. A test waits for what
/// it expects with `until`, which wakes on the event that makes it true rather than polling.
final class Recorder: Sendable {
    struct Seen: Sendable {
        var welcome: ServerMessage.Welcome?
        var snapshots = 0
        var last: Snapshot?
        var points = 0
        var errors: [String] = []
        var closed: (UInt16?, String?)?
        var roster: ServerMessage.Roster?
        var roundTrips = 0
        /// The tick of every snapshot.
        var ticks: [UInt32] = []
        var chat: [ServerMessage.Chat] = []
        var rematch: ServerMessage.Rematch?
        var rematches = 0
    }

    private let seen = Watched(Seen())

    func consume(_ client: GameClient) -> Task<Void, Never> {
        Task {
            for await event in client.events { record(event) }
            seen.finish()
        }
    }

    private func record(_ event: ClientEvent) {
        seen.update { seen in
            switch event {
            case .welcome(let welcome): seen.welcome = welcome
            case .snapshot(let snapshot):
                seen.snapshots += 1
                seen.last = snapshot
                seen.ticks.append(snapshot.view.tick)
            case .play(_, .point): seen.points += 1
            case .error(let code, _): seen.errors.append(code)
            case .closed(let code, let reason): seen.closed = (code, reason)
            case .roster(let roster): seen.roster = roster
            case .roundTrip: seen.roundTrips += 1
            case .chat(let line): seen.chat.append(line)
            case .rematch(let rematch):
                seen.rematch = rematch
                seen.rematches += 1
            default: break
            }
        }
    }

    func read<T>(_ body: (Seen) -> T) -> T { seen.read(body) }

    /// Waits until `condition` holds for what was received: true as soon as an event makes it
    /// hold, false if the connection's events end first or `seconds` pass.
    func until(seconds: Double = 30, _ condition: @escaping @Sendable (Seen) -> Bool) async -> Bool {
        await seen.until(seconds: seconds, condition)
    }
}
