import TennisCore
import TennisProtocol

/// Plays a seat headless: decides from each snapshot's view with a `Bot`, as a person would
/// from the screen, and sends an input whenever the decision changes.
public enum BotPlayer {
    /// How a bot's session ended.
    public struct Outcome: Sendable {
        public var seat: Int?
        public var finalScore: Score?
        public var winner: Int?
        public var closeReason: String?
        /// The node the match lives on, and the seat held there, when this one sent the bot there (`moved`).
        public var movedTo: ServerMessage.Redirect?

        public init() {}
    }

    /// Plays until the match is over or the connection closes.
    public static func play(_ client: GameClient, level: Int, seed: UInt64) async -> Outcome {
        var bot = Bot(level: level, seed: seed)
        var outcome = Outcome()
        var lastSent = PlayerInput.idle
        for await event in client.events {
            switch event {
            case .welcome(let welcome):
                outcome.seat = welcome.seat
                bot.surface = welcome.courtSurface
            case .snapshot(let snapshot):
                outcome.finalScore = snapshot.view.score
                if snapshot.view.score.winner >= 0 { outcome.winner = Int(snapshot.view.score.winner) }
                if snapshot.status == .finished {
                    client.close()
                    continue
                }
                guard let seat = outcome.seat, snapshot.status == .playing else { continue }
                let input = bot.input(for: seat, view: snapshot.view)
                if input != lastSent || input.swing != nil {
                    client.send(input)
                    lastSent = PlayerInput(moveX: input.moveX, moveY: input.moveY)
                }
            case .event(_, let event) where event.kind == "forfeit":
                outcome.winner = event.player
            case .error(let code, let message):
                outcome.closeReason = "\(code): \(message)"
            case .moved(let redirect):
                outcome.movedTo = event.movedTo
                outcome.closeReason = "moved: \(redirect.url)"
            case .closed(_, let reason):
                if outcome.closeReason == nil { outcome.closeReason = reason }
            default:
                break
            }
        }
        return outcome
    }
}
