import TennisCore
import Testing

@testable import TerminalUI

@Suite struct CharsetTests {
    @Test func onlyUTF8LocalesGetUnicode() {
        #expect(Charset.detect(codeset: "UTF-8", forceASCII: false) == .unicode)
        #expect(Charset.detect(codeset: "utf8", forceASCII: false) == .unicode)
        #expect(Charset.detect(codeset: "ANSI_X3.4-1968", forceASCII: false) == .ascii)
        #expect(Charset.detect(codeset: "ISO-8859-1", forceASCII: false) == .ascii)
        #expect(Charset.detect(codeset: nil, forceASCII: false) == .ascii)
        #expect(Charset.detect(codeset: "UTF-8", forceASCII: true) == .ascii)
    }

    @Test func everyGlyphTheRenderersUseHasAnASCIIStandIn() {
        let court = CourtRenderer.render(goldenScene(), width: 100, height: 30)
        let menu = MenuRenderer.render(menu: MenuScene(items: ["Play ▶"], selected: 0, footer: "↑↓ choose · Q quit"),
                                       width: 80, height: 24)
        for screen in [court, menu] {
            let ascii = screen.ascii
            #expect(ascii.cells.allSatisfy { $0.character.isASCII })
            let unknown = screen.cells.map(\.character).filter { !$0.isASCII && Screen.asciiFallback($0) == "?" }
            #expect(unknown.isEmpty, "glyphs without a stand-in: \(Set(unknown))")
        }
        #expect(TitleArt.ascii.allSatisfy { $0.allSatisfy(\.isASCII) })
        #expect(Screen.asciiFallback("┼") == "+" && Screen.asciiFallback("─") == "-" && Screen.asciiFallback("●") == "o")
    }

    @Test func asciiCourtAt80x24() {
        var scene = goldenScene()
        scene.landingMark = Vec2(x: 9, y: 3)
        scene.callout = "ACE"
        scene.charset = .ascii
        GoldenText.check("court-ascii-80x24", CourtRenderer.render(scene, width: 80, height: 24).ascii.text)
    }
}
