import Logging
import TennisCore
import TennisProtocol

/// Plays a seat headless through a `MatchSession`: decides from each snapshot's view with a
/// `Bot`, as a person would from the screen; the session sends an input whenever the decision
/// changes, follows redirects and reconnects as its retry policy says.
public enum BotPlayer {
    /// How a bot's session ended.
    public struct Outcome: Sendable {
        public var seat: Int?
        public var finalScore: Score?
        public var winner: Int?
        /// Why the session ended, unless the bot left a finished match.
        public var closeReason: String?

        public init() {}
    }

    /// Plays until the match is over (then leaves) or the session ends.
    @MainActor
    public static func play(_ runner: MatchSessionRunner, level: Int, seed: UInt64) async -> Outcome {
        var bot = Bot(level: level, seed: seed)
        runner.onEvent = { [unowned runner] event in
            switch event {
            case .welcome(let welcome):
                bot.surface = welcome.courtSurface
            case .snapshot(let snapshot):
                if snapshot.status == .finished { return runner.leave() }
                guard let seat = runner.session.seat, snapshot.status == .playing else { return }
                runner.frame(input: bot.input(for: seat, view: snapshot.view))
            default:
                break
            }
        }
        runner.start()
        // A cancelled bot leaves its seat (a practice that ends, a probe that is done) rather than
        // playing on until the match ends without it.
        let ending = await withTaskCancellationHandler {
            await runner.ended()
        } onCancel: {
            Task { @MainActor in runner.leave() }
        }
        runner.onEvent = nil
        var outcome = Outcome()
        outcome.seat = runner.session.seat
        outcome.finalScore = runner.session.snapshot?.view.score
        outcome.winner = runner.session.winner
        if !ending.left || outcome.winner == nil { outcome.closeReason = ending.reason }
        return outcome
    }

    /// Seats a bot on `url` and plays.
    @MainActor
    public static func play(url: String, hello: ClientMessage.Hello, level: Int, seed: UInt64,
                            retry: RetryPolicy = .never, signer: (any HelloSigner)? = nil) async -> Outcome {
        let runner = MatchSessionRunner(.init(url: url, hello: hello, retry: retry), pingInterval: 0, signer: signer,
                                        logger: .init(label: "tennis.bot", factory: { _ in SwiftLogNoOpLogHandler() }))
        return await play(runner, level: level, seed: seed)
    }
}
