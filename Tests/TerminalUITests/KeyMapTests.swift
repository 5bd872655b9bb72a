import TennisCore
import Testing

@testable import TerminalUI

@Suite struct KeyMapTests {
    let map = KeyMap.default

    func key(_ c: Unicode.Scalar) -> Int32 { KeyCode.char(c) }

    @Test func arrowsAndWASDMove() {
        #expect(map.action(for: 260) == .move(dx: -1, dy: 0))
        #expect(map.action(for: 261) == .move(dx: 1, dy: 0))
        #expect(map.action(for: 259) == .move(dx: 0, dy: -1))
        #expect(map.action(for: 258) == .move(dx: 0, dy: 1))
        for (letters, action) in [
            ("aA", KeyAction.move(dx: -1, dy: 0)), ("dD", .move(dx: 1, dy: 0)),
            ("wW", .move(dx: 0, dy: -1)), ("sS", .move(dx: 0, dy: 1)),
        ] {
            for scalar in letters.unicodeScalars { #expect(map.action(for: key(scalar)) == action) }
        }
    }

    @Test func diagonalsAndStop() {
        #expect(map.action(for: KeyCode.home) == .move(dx: -1, dy: -1))
        #expect(map.action(for: KeyCode.pageDown) == .move(dx: 1, dy: 1))
        #expect(map.action(for: key("9")) == .move(dx: 1, dy: -1))
        #expect(map.action(for: key("x")) == .move(dx: 0, dy: 0))
    }

    @Test func swings() {
        #expect(map.action(for: 32) == .swing(.drive))
        #expect(map.action(for: key("j")) == .swing(.drive))
        #expect(map.action(for: key("k")) == .swing(.lob))
        #expect(map.action(for: key("L")) == .swing(.slice))
        #expect(map.action(for: key("i")) == .swing(.drop))
        #expect(map.action(for: key(";")) == .swing(.drop))
    }

    @Test func quitHelpAndUnbound() {
        #expect(map.action(for: key("q")) == .quit)
        #expect(map.action(for: key("Q")) == .quit)
        #expect(map.action(for: 3) == .quit)
        #expect(map.action(for: key("?")) == .help)
        #expect(map.action(for: 27) == .back)
        #expect(map.action(for: key("z")) == nil)
        #expect(map.action(for: KeyCode.resize) == nil)
        #expect(map.actions(for: [key("z"), 260, key("k")]) == [.move(dx: -1, dy: 0), .swing(.lob)])
    }

    @Test func menuKeys() {
        let menu = KeyMap.menu
        #expect(menu.action(for: 259) == .up)
        #expect(menu.action(for: key("j")) == .down)
        for enter in [10, 13, 343, 32] as [Int32] { #expect(menu.action(for: enter) == .select) }
        #expect(menu.action(for: 27) == .back)
        #expect(menu.action(for: key("q")) == .quit)
        #expect(menu.action(for: 3) == .quit)
    }

    @Test func hintFitsTheMinimumWidth() {
        #expect(map.hint.count <= CourtRenderer.minimumSize.width)
        #expect(KeyMap.menu.hint.count <= CourtRenderer.minimumSize.width)
    }
}
