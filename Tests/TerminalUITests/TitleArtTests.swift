import Testing

@testable import TerminalUI

@Suite struct TitleArtTests {
    @Test func everyGlyphHasThreeRowsOfOneWidth() {
        for (character, rows) in TitleArt.font {
            #expect(rows.count == 3, "\(character)")
            #expect(Set(rows.map(\.count)).count == 1, "\(character)")
        }
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" { #expect(TitleArt.font[letter] != nil) }
    }

    @Test func defaultTitleSaysTerminalTennis() {
        #expect(TitleArt.default.count == 3)
        #expect(TitleArt.default[0].hasPrefix("╔╦╗╔═╗╦═╗╔╦╗"))
        #expect(Set(TitleArt.default.map(\.count)).count == 1)
    }

    @Test func bigTextIsCaseInsensitiveAndRejectsUnknownCharacters() {
        #expect(TitleArt.big("out") == TitleArt.big("OUT"))
        #expect(TitleArt.big("OUT") == ["╔═╗╦ ╦╔╦╗", "║ ║║ ║ ║ ", "╚═╝╚═╝ ╩ "])
        #expect(TitleArt.big("15") == nil)
    }
}
