import TennisCore
import Testing

@testable import TerminalUI

/// Whole screens at the smallest supported size and a large one, kept as golden text.
@Suite struct ScreenshotTests {
    static let sizes = [(80, 24), (200, 60)]

    @Test(arguments: sizes) func court(width: Int, height: Int) {
        var scene = goldenScene()
        scene.landingMark = Vec2(x: 9, y: 3)
        scene.callout = "OUT"
        GoldenText.check("court-\(width)x\(height)", CourtRenderer.render(scene, width: width, height: height).text)
    }

    @Test(arguments: sizes) func menu(width: Int, height: Int) {
        let menu = MenuScene(items: ["Practise against a bot", "Host a match", "Join a match", "Quit"], selected: 0,
                             footer: "↑↓ choose   Enter select   Q quit")
        GoldenText.check("menu-\(width)x\(height)", MenuRenderer.render(menu: menu, width: width, height: height).text)
    }

    @Test(arguments: sizes) func matchEnd(width: Int, height: Int) {
        GoldenText.check("match-end-\(width)x\(height)", MatchEndRenderer.render(endScene(), width: width, height: height).text)
    }

    @Test func menuInASCII() {
        let menu = MenuScene(titleArt: TitleArt.ascii, items: ["Practise against a bot", "Quit"], selected: 1,
                             footer: "↑↓ choose   Enter select")
        GoldenText.check("menu-ascii-80x24", MenuRenderer.render(menu: menu, width: 80, height: 24).ascii.text)
    }
}

func endScene(selected: Int = 0) -> MatchEndScene {
    let score = Score(format: .bestOfThree, sets: [
        SetScore(games: PerPlayer(6, 4)), SetScore(games: PerPlayer(6, 7), tiebreak: PerPlayer(5, 7)),
        SetScore(games: PerPlayer(7, 5)),
    ], winner: 0)
    return MatchEndScene(score: score, names: PerPlayer("Alice", "Bot L3"), winner: 0,
                         stats: [.init("Points won", "98", "91"), .init("Aces", "4", "1"), .init("Double faults", "2", "3")],
                         remark: "Longest rally: 17 shots", options: ["Rematch", "Back to the menu", "Quit"],
                         selected: selected)
}

@Suite struct MatchEndRendererTests {
    @Test func setsShowGamesAndTiebreakPoints() {
        let columns = endScene().columns
        #expect(columns.map(\.heading) == ["Set 1", "Set 2", "Set 3"])
        #expect(columns.map(\.values) == [["6", "4"], ["6(5)", "7(7)"], ["7", "5"]])
        let tiebreakOnly = Score(format: .tiebreak, sets: [SetScore(games: PerPlayer(1, 0), tiebreak: PerPlayer(7, 3))],
                                 winner: 0)
        #expect(MatchEndScene.setColumns(tiebreakOnly, unfinished: false).map(\.values) == [["7", "3"]])
        let forfeited = Score(format: .short, games: PerPlayer(2, 1))
        #expect(MatchEndScene.setColumns(forfeited, unfinished: true).map(\.values) == [["2", "1"]])
        // A forfeit now carries its winner: the unfinished set still shows, and the title says why.
        var forfeitedWon = forfeited
        forfeitedWon.winner = 1
        let scene = MatchEndScene(score: forfeitedWon, names: PerPlayer("Ann", "Bob"), winner: 1, stats: [],
                                  options: [], selected: 0, byForfeit: true)
        #expect(scene.title == "Bob wins by forfeit (Ann left)")
        #expect(scene.columns.map(\.values) == [["2", "1"]])
        // A single tiebreak cut short by a forfeit shows its points.
        var cutShort = Score(format: .tiebreak)
        cutShort.points = PerPlayer(1, 2)
        #expect(MatchEndScene.setColumns(cutShort, unfinished: true).map(\.values) == [["1", "2"]])
    }

    @Test func theSelectedOptionIsMarkedAndReversed() throws {
        let screen = MatchEndRenderer.render(endScene(selected: 1), width: 80, height: 24)
        #expect(screen.text.contains("Alice wins 6–4 6–7 7–5"))
        let row = try #require(screen.lines.firstIndex { $0.contains("▶ Back to the menu") })
        let x = screen.lines[row].count - "▶ Back to the menu".count
        #expect(screen[x, row].style.reverse)
        #expect(!screen.text.contains("▶ Rematch"))
    }
}

@Suite struct MatchEndTitleTests {
    private let names = PerPlayer("Ann", "Bot L3")

    private func title(winner: Int?, you: Int?, byForfeit: Bool = false) -> String {
        let score = Score(format: .bestOfThree, sets: [SetScore(games: PerPlayer(6, 4)), SetScore(games: PerPlayer(3, 6)),
                                                       SetScore(games: PerPlayer(7, 5))], winner: 0)
        return MatchEndScene(score: score, names: names, winner: winner, stats: [], options: [], selected: 0,
                             byForfeit: byForfeit, you: you).title
    }

    @Test func theTitleSpeaksToThePlayerLooking() {
        #expect(title(winner: 0, you: 0) == "You won 6–4 3–6 7–5")
        #expect(title(winner: 0, you: 1) == "Ann won 6–4 3–6 7–5")
        #expect(title(winner: 0, you: nil) == "Ann wins 6–4 3–6 7–5")
        #expect(title(winner: nil, you: 0) == "Match over")
    }

    @Test func aForfeitSaysWhoLeft() {
        let score = Score(format: .short, games: PerPlayer(2, 1))
        let scene = MatchEndScene(score: score, names: names, winner: 1, stats: [], options: [], selected: 0,
                                  byForfeit: true, you: 1)
        #expect(scene.title == "You won by forfeit (Ann left)")
        let seenByLoser = MatchEndScene(score: score, names: names, winner: 1, stats: [], options: [], selected: 0,
                                        byForfeit: true, you: 0)
        #expect(seenByLoser.title == "Bot L3 won by forfeit (you left)")
    }
}
