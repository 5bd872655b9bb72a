import TennisClient
import TennisCore
import TennisProtocol

/// A load test's bot in a seat, played through the same `MatchSession` as `tennis bot`: the
/// connection hands it what arrives, typed as a `ClientEvent`, and writes the input frames the
/// session sends (numbered per link from 1, only when the bot's decision changes or it swings).
struct SessionSeat {
    /// What the connection does for the session.
    enum Output: Equatable {
        case send([UInt8])
        case close
    }

    private var session: MatchSession
    private var bot: Bot
    private var link = 0
    private var snapshots = SnapshotStream()

    /// A session whose one link is the connection that was just welcomed.
    init(hello: ClientMessage.Hello, welcome: ServerMessage.Welcome, level: Int, seed: UInt64, now: Double) {
        session = MatchSession(.init(url: "", hello: hello, retry: .never))
        bot = Bot(level: level, seed: seed)
        bot.surface = welcome.courtSurface
        for case .connect(let id, _, _) in session.handle(.start(now: now)) { link = id }
        _ = session.handle(.link(link, .opened, now: now))
        _ = session.handle(.link(link, .welcome(welcome), now: now))
    }

    var seat: Int? { session.seat }

    /// A JSON message after the welcome.
    mutating func receive(_ message: ServerMessage, now: Double) -> [Output] {
        guard let event = ClientEvent(message, nowMicros: MonotonicClock.micros()) else { return [] }
        return outputs(session.handle(.link(link, event, now: now)))
    }

    /// A binary snapshot: the session takes it in, then the bot decides from it as from a screen.
    mutating func receive(snapshot bytes: [UInt8], now: Double) -> [Output] {
        guard let snapshot = try? snapshots.decode(bytes) else { return [] }
        var actions = session.handle(.link(link, .snapshot(snapshot), now: now))
        var input: PlayerInput?
        if let seat = session.seat, snapshot.status == .playing { input = bot.input(for: seat, view: snapshot.view) }
        actions += session.handle(.frame(now: now, input: input))
        return outputs(actions)
    }

    private func outputs(_ actions: [MatchSession.Action]) -> [Output] {
        actions.compactMap { action in
            switch action {
            case .send(let id, let frame) where id == link: .send(frame.encode())
            case .close(let id) where id == link, .abandon(let id) where id == link: .close
            default: nil
            }
        }
    }
}
