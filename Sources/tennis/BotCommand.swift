import ArgumentParser
import Logging
import TennisClient
import TennisProtocol

/// `tennis bot CODE`: a headless bot takes a seat and plays.
struct BotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot", abstract: "Join a match as a headless bot player and play until it ends.")

    @Argument(help: "The match's join code.")
    var code: String

    @OptionGroup var server: ServerOptions

    @Option(help: "The invite secret of a private match.")
    var invite: String?

    @Option(help: "Bot strength, 1 (beginner) to 5 (expert).")
    var level: Int = 3

    @Option(help: "Name shown to others. With a name the bot plays as your key (tennis whoami): rated, and the name is claimed for your key; without one it plays anonymously as 'Bot L<level>'.")
    var name: String?

    @Option(help: "Seed for the bot's own decisions.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...5).contains(level) else { throw ValidationError("level must be between 1 and 5") }
    }

    func run() async throws {
        let hello = ClientMessage.Hello(role: .player, code: code, name: name ?? "Bot L\(level)", invite: invite)
        // The session follows a cluster's redirect to the match's node, with the seat it holds there.
        // Named, the bot plays as this user's key (rated; the name is claimed for the key). Under
        // its default name it is anonymous, so no key ever claims "Bot L3" and every practice bot,
        // anonymous, may use it.
        let signer = name == nil ? nil : try LocalIdentity.signer()
        let runner = await MatchSessionRunner(.init(url: server.endpoint, hello: hello, retry: .never),
                                              pingInterval: 0, tls: try server.tls(), signer: signer,
                                              logger: quietLogger())
        let outcome = await BotPlayer.play(runner, level: level, seed: seed)
        guard let seat = outcome.seat else {
            throw CommandFailure("could not join \(code): \(outcome.closeReason ?? "connection closed")")
        }
        let score = outcome.finalScore?.compactText ?? "-"
        guard let winner = outcome.winner else {
            // The match did not end: the server went away or closed on the bot.
            throw CommandFailure("bot (seat \(seat)) stopped before the match ended (score \(score)): "
                                 + (outcome.closeReason ?? "the connection was lost"))
        }
        print("bot (seat \(seat)) \(winner == seat ? "won" : "lost"); score \(score)")
    }
}

/// A logger that says nothing: for terminal screens and headless clients.
func quietLogger(_ label: String = "tennis.client") -> Logger {
    Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
}
