import ArgumentParser
import Foundation

/// The `tennis` command: a menu by default, and one subcommand per way to play or serve.
@main
struct Tennis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tennis",
        abstract: "Terminal Tennis: a live tennis rally in your terminal, over WebSockets.",
        version: "0.1.0",
        subcommands: [
            MenuCommand.self, PracticeCommand.self, HostCommand.self, JoinCommand.self, WatchCommand.self,
            ListCommand.self, ServeCommand.self, BotCommand.self, SimulateCommand.self, HistoryCommand.self,
            StatsCommand.self, ReplayCommand.self, ExportCommand.self, NetbenchCommand.self,
            LoadtestCommand.self, WhoamiCommand.self,
        ],
        defaultSubcommand: MenuCommand.self
    )

    static func main() async {
        // A mistyped command would otherwise reach the menu's parser as an unexpected argument.
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let complaint = CommandSuggestion.complaint(for: Array(CommandLine.arguments.dropFirst()), names: names) {
            FileHandle.standardError.write(Data((complaint + "\n").utf8))
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
