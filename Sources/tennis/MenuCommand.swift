import ArgumentParser
import TennisClient
import TennisCore
import TennisProtocol
import TennisStore
import TerminalUI

/// `tennis` / `tennis menu`: the title screen and its menu.
struct MenuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menu", abstract: "Open the title screen and menu (what plain 'tennis' does).")

    @OptionGroup var player: PlayerOptions
    @OptionGroup var display: DisplayOptions

    @Option(help: "The server Join, Watch and List use unless you type another.")
    var server: String = "ws://127.0.0.1:7878"

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let keyMap = player.keyMap
        await MainActor.run { PlayScreen.keys = keyMap }
        await display.apply()
        let database = try store.open()
        let askName = try player.name == nil && UserConfig.load().name == nil
        try await MenuScreen.run(name: player.resolvedName, askName: askName, defaultServer: server, store: database)
    }
}

/// The interactive menu: each entry runs the same code as its subcommand, in the same terminal.
@MainActor
enum MenuScreen {
    static let items = ["Practise against a bot", "Host a match", "Join a match", "Watch a match",
                        "Live matches (lobby)", "Quit"]

    /// - Parameter askName: first run: ask for a name and save it in the config file.
    static func run(name initialName: String, askName: Bool, defaultServer: String = "ws://127.0.0.1:7878",
                    store: MatchStore) async throws
    {
        let term = try Terminal()
        defer { term.shutdown() }
        try await run(on: term, name: initialName, askName: askName, defaultServer: defaultServer, store: store)
    }

    /// The menu on a terminal that someone else opened and closes.
    static func run(on term: any TerminalDevice, name initialName: String, askName: Bool, defaultServer: String,
                    store: MatchStore) async throws
    {
        var name = initialName
        if askName { name = await askForName(term, suggestion: initialName) ?? initialName }
        var selected = 0
        var note: String?
        let who = LocalIdentity.summary()
        while !term.hungUp {
            let (width, height) = term.size
            let footer = note ?? "↑↓ choose   Enter select   Q quit   (\(name), \(who))"
            term.draw(MenuRenderer.render(menu: MenuScene(titleArt: TitleArt.title(for: term.charset), items: items,
                                                          selected: selected, footer: footer),
                                          width: width, height: height))
            for key in term.readKeys() {
                switch KeyMap.menu.action(for: key) {
                case .up?: selected = (selected + items.count - 1) % items.count
                case .down?: selected = (selected + 1) % items.count
                case .quit?: return
                case .select?:
                    if selected == items.count - 1 { return }
                    let result = await choose(selected, term: term, name: name, defaultServer: defaultServer,
                                              store: store)
                    if result.quit { return }
                    note = result.note
                    term.invalidate()
                default: break
                }
            }
            await term.waitForInput(upTo: .milliseconds(500))
        }
    }

    /// Runs one menu entry; returns a line to show under the menu afterwards, and whether the
    /// player chose Quit on the match-end screen.
    private static func choose(_ item: Int, term: any TerminalDevice, name: String, defaultServer: String, store: MatchStore)
        async -> (note: String?, quit: Bool)
    {
        let outcome: PlayOutcome
        do {
            guard let played = try await play(item, term: term, name: name, defaultServer: defaultServer, store: store)
            else { return (nil, false) }
            outcome = played
        } catch {
            return ("Error: \(error)", false)
        }
        if let error = outcome.errorMessage { return ("Error: \(error)", false) }
        return (outcome.result.map { "Last match: \($0)" }, outcome.next == .quit)
    }

    /// Runs one menu entry's screen; nil when it was cancelled or showed no match.
    private static func play(_ item: Int, term: any TerminalDevice, name: String, defaultServer: String, store: MatchStore)
        async throws -> PlayOutcome?
    {
        let outcome: PlayOutcome
        switch item {
        case 0:
            guard let choices = await MatchChoices.practice(term) else { return nil }
            outcome = try await PracticeCommand.session(level: choices.level, format: choices.format,
                                                        surface: choices.surface, name: name, store: store,
                                                        terminal: term)
        case 1:
            guard let choices = await MatchChoices.host(term) else { return nil }
            outcome = try await HostCommand.play(bind: "0.0.0.0", port: choices.port, advertise: nil,
                                                 format: choices.format, surface: choices.surface, name: name,
                                                 isPrivate: choices.isPrivate, terminal: term, store: store)
        case 2, 3:
            guard let code = await prompt(term, title: item == 2 ? "Join a match" : "Watch a match",
                                          label: "Match code:", text: ""), !code.isEmpty,
                  let server = await prompt(term, title: "Server", label: "WebSocket URL:", text: defaultServer)
            else { return nil }
            let endpoint = try ServerURL.endpoint(server)
            let hello = ClientMessage.Hello(role: item == 2 ? .player : .spectator, code: code, name: name)
            outcome = await PlayScreen.run(endpoint: endpoint, hello: hello, identity: .local, hostInfo: nil,
                                           terminal: term)
        case 4:
            guard let server = await prompt(term, title: "Live matches", label: "Server (WebSocket URL):",
                                            text: defaultServer)
            else { return nil }
            guard let played = try await LobbyScreen.run(term, server: server, name: name, identity: .local) else {
                return nil
            }
            outcome = played
        default:
            return nil
        }
        return outcome
    }

    /// The first-run name prompt: the sanitised name, saved to the config file (nil if cancelled).
    static func askForName(_ term: any TerminalDevice, suggestion: String) async -> String? {
        var problem: String?
        while true {
            let label = problem ?? "Your name (at most \(PlayerName.maxLength) characters), saved for next time:"
            guard let typed = await prompt(term, title: "Welcome to Terminal Tennis", label: label, text: suggestion,
                                           limit: PlayerName.maxLength)
            else { return nil }
            guard let name = PlayerName.sanitise(typed) else {
                problem = "Please type a name with at least one letter:"
                continue
            }
            var config = (try? UserConfig.load()) ?? UserConfig()
            config.name = name
            do {
                try config.save()
            } catch {
                await show(term, MessageScene(title: "Name not saved", lines: ["\(error)"], footer: "any key to go on"))
            }
            return name
        }
    }

    /// A one-line text field; Enter accepts, Esc cancels. The suggested text is selected: the
    /// first key typed replaces it (Backspace clears it), as in any text field.
    static func prompt(_ term: any TerminalDevice, title: String, label: String, text initial: String, limit: Int = 200)
        async -> String?
    {
        var editor = LineEditor(text: initial, limit: limit)
        while !term.hungUp {
            let (width, height) = term.size
            let scene = MessageScene.prompt(title: title, label: label, text: editor.text)
            term.draw(MenuRenderer.render(message: scene, width: width, height: height))
            for key in term.readKeys() {
                if key == KeyCode.ctrlC { return nil }
                switch editor.apply(key) {
                case .cancelled: return nil
                case .accepted(let text): return WireProtocol.sanitise(text, limit: limit)
                case .editing: break
                }
            }
            await term.waitForInput(upTo: .milliseconds(500))
        }
        return nil
    }

    /// Shows a panel until a key is pressed.
    static func show(_ term: any TerminalDevice, _ scene: MessageScene) async {
        while !term.hungUp {
            let (width, height) = term.size
            term.draw(MenuRenderer.render(message: scene, width: width, height: height))
            if term.readKeys().contains(where: { $0 != KeyCode.resize }) { return }
            await term.waitForInput(upTo: .milliseconds(500))
        }
    }
}
