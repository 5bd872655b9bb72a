import ArgumentParser

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
            LoadtestCommand.self,
        ],
        defaultSubcommand: MenuCommand.self
    )
}
