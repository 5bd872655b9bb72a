import TennisCore
import Testing

@testable import TerminalUI

@Suite struct ColourModeTests {
    @Test func autoFollowsTheTerminalAndNoColour() {
        #expect(ColourMode.detect(preference: .auto, noColour: nil, hasColours: true, colourCount: 256) == .colour256)
        #expect(ColourMode.detect(preference: .auto, noColour: nil, hasColours: true, colourCount: 8) == .colour16)
        #expect(ColourMode.detect(preference: .auto, noColour: nil, hasColours: true, colourCount: 16) == .colour16)
        #expect(ColourMode.detect(preference: .auto, noColour: nil, hasColours: false, colourCount: 0) == .mono)
        #expect(ColourMode.detect(preference: .auto, noColour: "1", hasColours: true, colourCount: 256) == .mono)
        // NO_COLOR only counts when it is non-empty.
        #expect(ColourMode.detect(preference: .auto, noColour: "", hasColours: true, colourCount: 256) == .colour256)
    }

    @Test func anExplicitChoiceWinsButCannotExceedTheTerminal() {
        #expect(ColourMode.detect(preference: .colour16, noColour: "1", hasColours: true, colourCount: 256) == .colour16)
        #expect(ColourMode.detect(preference: .mono, noColour: nil, hasColours: true, colourCount: 256) == .mono)
        #expect(ColourMode.detect(preference: .colour256, noColour: nil, hasColours: true, colourCount: 8) == .colour16)
        #expect(ColourMode.detect(preference: .colour16, noColour: nil, hasColours: false, colourCount: 0) == .mono)
    }

    @Test func xtermColoursDegradeToTheNearestBasicColour() {
        #expect(TermColor.nearest(toXterm: 25) == .blue)
        #expect(TermColor.nearest(toXterm: 130) == .red)
        #expect(TermColor.nearest(toXterm: 28) == .green)
        #expect(TermColor.nearest(toXterm: 196) == .red)
        #expect(TermColor.nearest(toXterm: 226) == .yellow)
        #expect(TermColor.nearest(toXterm: 231) == .white)
        #expect(TermColor.nearest(toXterm: 16) == .black)
        #expect(TermColor.nearest(toXterm: 4) == .blue)
    }

    @Test func stylesDropWhatTheModeCannotShow() {
        let rich = Style(fg: .yellow, bg: .blue, bold: true, reverse: true, fg256: 190, bg256: 25)
        #expect(rich.adapted(to: .colour256) == rich)
        #expect(rich.adapted(to: .colour16) == Style(fg: .yellow, bg: .blue, bold: true, reverse: true))
        #expect(rich.adapted(to: .mono) == Style(bold: true, reverse: true))
    }

    @Test func theCourtCarries256ColourShadesWithBasicFallbacks() {
        let screen = CourtRenderer.render(goldenScene(), width: 100, height: 30)
        #expect(screen[20, 10].style.bg == .green)
        #expect(screen[20, 10].style.bg256 == 28)
        var scene = goldenScene()
        scene.courtColour = .magenta
        scene.courtColour256 = 90
        let custom = CourtRenderer.render(scene, width: 100, height: 30)
        #expect(custom[20, 10].style.bg == .magenta && custom[20, 10].style.bg256 == 90)
    }

    @Test func inMonochromePlayersAreReversedAndTheServiceBoxDotted() throws {
        var scene = goldenScene()
        scene.colourMode = .mono
        scene.view.phase = .serving
        let screen = CourtRenderer.render(scene, width: 100, height: 30).adapted(to: .mono)
        let rows = Array(CourtRenderer.hudRows..<screen.height - 1)
        let alice = try #require(rows.lazy.compactMap { y in (0..<screen.width).first { screen[$0, y].character == "A" }.map { ($0, y) } }.first)
        #expect(screen[alice.0, alice.1].style.reverse && screen[alice.0, alice.1].style.bold)
        #expect(screen.text.contains("····"), "the service box is dotted:\n\(screen.text)")
        #expect(screen.cells.allSatisfy { $0.style.fg == .default && $0.style.bg == .default && $0.style.bg256 == nil })
    }
}
