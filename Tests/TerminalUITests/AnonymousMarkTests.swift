import TennisCore
import Testing

@testable import TerminalUI

/// A player without a key is marked by their name on the scoreboard: the match is unrated.
@Suite struct AnonymousMarkTests {
    @Test func anAnonymousPlayerIsMarkedOnTheScoreboard() {
        var scene = goldenScene()
        scene.anonymous = PerPlayer(false, true)
        let lines = CourtRenderer.render(scene, width: 80, height: 24).lines
        #expect(lines[0].hasPrefix("   Alice (you)   6  2  30"), "\(lines[0])")
        #expect(lines[1].hasPrefix(" • Bob (anon)    4  1  15"), "\(lines[1])")
        scene.anonymous = PerPlayer(true, false)
        #expect(CourtRenderer.render(scene, width: 80, height: 24).lines[0].hasPrefix("   Alice (you, anon)"))
    }

    @Test func keyedPlayersCarryNoMark() {
        let text = CourtRenderer.render(goldenScene(), width: 80, height: 24).text
        #expect(!text.contains("anon"))
    }
}
