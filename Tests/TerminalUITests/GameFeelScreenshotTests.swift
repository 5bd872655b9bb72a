import TennisCore
import TennisRecords
import Testing

@testable import TerminalUI

/// The screens of issue 16 as golden text, at the smallest supported size and a large one.
@Suite struct GameFeelScreenshotTests {
    static let sizes = ScreenshotTests.sizes

    @Test(arguments: sizes) func serveWithMeterAndBounceRing(width: Int, height: Int) {
        var scene = goldenScene()
        scene.view.phase = .serving
        scene.serveMeter = ServeMeter(server: 0, fraction: 1, timing: .perfect)
        scene.bounceMark = Vec2(x: 4, y: -2)
        GoldenText.check("serve-meter-\(width)x\(height)", CourtRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func practicePaused(width: Int, height: Int) {
        var scene = goldenScene()
        scene.banner = "Paused — press P to play on"
        GoldenText.check("paused-\(width)x\(height)", CourtRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func helpForPlayersAndSpectators(width: Int, height: Int) {
        let player = HelpText.scene(watching: false, reportsReleases: false, canPause: true)
        let spectator = HelpText.scene(watching: true, reportsReleases: false)
        GoldenText.check("help-player-\(width)x\(height)", MenuRenderer.render(message: player, width: width, height: height).text)
        GoldenText.check("help-spectator-\(width)x\(height)",
                         MenuRenderer.render(message: spectator, width: width, height: height).text)
    }

    @Test(arguments: sizes) func practiceChoices(width: Int, height: Int) {
        var scene = ChoicesScene(title: "Practise against a bot", fields: [
            .choice("Bot level", ["1 (gentle)", "2", "3", "4", "5 (ruthless)"], selected: 2),
            .choice("Format", ["quick: first to 7 points", "short set: first to 4 games"], selected: 0),
            .choice("Surface", ["hard", "clay", "grass"], selected: 1),
        ])
        scene.focused = 1
        GoldenText.check("choices-\(width)x\(height)", ChoicesRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func lobby(width: Int, height: Int) {
        let rows = [
            MatchSummary(code: "YCDCQA", players: ["Ann"], spectators: 0, state: "waiting",
                         format: "tiebreak", surface: "clay", score: "0-0"),
            MatchSummary(code: "K7QM2P", players: ["Bob", "Cy"], spectators: 12, state: "playing",
                         format: "short", surface: "grass", score: "2-1 30-15"),
        ]
        let scene = LobbyScene(server: "http://play.example.org:7878", rows: rows, selected: 0,
                               status: "2 live matches · refreshed every 2 s")
        GoldenText.check("lobby-\(width)x\(height)", LobbyRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func chatWithALongLine(width: Int, height: Int) {
        var scene = goldenScene()
        scene.you = nil
        scene.chat = ["Maximiliana (watching): what a rally that was, twenty shots and a drop volley to finish",
                      "Bob: thanks!"]
        scene.chatDraft = "see you at the"
        GoldenText.check("chat-\(width)x\(height)", CourtRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func hostChoices(width: Int, height: Int) {
        var scene = ChoicesScene(title: "Host a match", fields: [
            .number("Port", 7878, digits: 5),
            .choice("Who may join", ["anyone (listed)", "private (invite only)"], selected: 1),
            .choice("Format", ["quick: first to 7 points", "short set: first to 4 games"], selected: 1),
            .choice("Surface", ["hard", "clay", "grass"], selected: 2),
        ])
        scene.focused = 0
        GoldenText.check("host-choices-\(width)x\(height)", ChoicesRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func joinWatchAndServerPrompts(width: Int, height: Int) {
        let prompts = [
            ("join-prompt", MessageScene.prompt(title: "Join a match", label: "Match code:", text: "K7QM2P")),
            ("watch-prompt", MessageScene.prompt(title: "Watch a match", label: "Match code:", text: "")),
            ("server-prompt", MessageScene.prompt(title: "Server", label: "WebSocket URL:", text: "ws://127.0.0.1:7878")),
        ]
        for (name, scene) in prompts {
            GoldenText.check("\(name)-\(width)x\(height)", MenuRenderer.render(message: scene, width: width, height: height).text)
        }
    }
}
