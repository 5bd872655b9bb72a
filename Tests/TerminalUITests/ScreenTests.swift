import Testing

@testable import TerminalUI

@Suite struct ScreenTests {
    @Test func putWritesTextAndTrimsTrailingSpaces() {
        var screen = Screen(width: 10, height: 3)
        screen.put(x: 2, y: 1, "tennis")
        #expect(screen.lines == ["", "  tennis", ""])
        #expect(screen.text == "\n  tennis\n")
    }

    @Test func putClipsAtEveryEdge() {
        var screen = Screen(width: 5, height: 2)
        screen.put(x: -2, y: 0, "abcdef")
        screen.put(x: 3, y: 1, "xyz")
        screen.put(x: 0, y: 2, "below")
        screen.put(x: 0, y: -1, "above")
        #expect(screen.lines == ["cdef", "   xy"])
    }

    @Test func putKeepsStyleAndSubscriptReadsIt() {
        var screen = Screen(width: 4, height: 1)
        let bold = Style(fg: .yellow, bold: true)
        screen.put(x: 1, y: 0, "●", style: bold)
        #expect(screen[1, 0] == Cell("●", style: bold))
        #expect(screen[0, 0] == .blank)
        #expect(screen[9, 9] == .blank)
    }

    @Test func fillIsClipped() {
        var screen = Screen(width: 4, height: 3)
        screen.fill(x: 2, y: 1, width: 5, height: 5, "#")
        #expect(screen.lines == ["", "  ##", "  ##"])
    }

    @Test func putCentredCentresText() {
        var screen = Screen(width: 9, height: 1)
        screen.putCentred(y: 0, "abc")
        #expect(screen.lines == ["   abc"])
    }

    @Test func negativeSizeIsEmpty() {
        let screen = Screen(width: -3, height: 2)
        #expect(screen.width == 0)
        #expect(screen.lines == ["", ""])
    }

    @Test func diffReturnsOnlyChangedRunsSplitByStyle() {
        var before = Screen(width: 8, height: 2)
        before.put(x: 0, y: 0, "abcdefgh")
        var after = before
        after.put(x: 2, y: 0, "XY")
        after.put(x: 4, y: 0, "Z", style: Style(bold: true))
        after.put(x: 7, y: 1, "!")
        #expect(
            after.diff(from: before) == [
                ScreenRun(x: 2, y: 0, text: "XY", style: .plain),
                ScreenRun(x: 4, y: 0, text: "Z", style: Style(bold: true)),
                ScreenRun(x: 7, y: 1, text: "!", style: .plain),
            ])
        #expect(after.diff(from: after).isEmpty)
    }

    @Test func diffFromAnotherSizeRedrawsEverything() {
        var screen = Screen(width: 3, height: 2)
        screen.put(x: 0, y: 0, "ab", style: Style(fg: .red))
        let runs = screen.diff(from: Screen(width: 4, height: 2))
        #expect(
            runs == [
                ScreenRun(x: 0, y: 0, text: "ab", style: Style(fg: .red)),
                ScreenRun(x: 2, y: 0, text: " ", style: .plain),
                ScreenRun(x: 0, y: 1, text: "   ", style: .plain),
            ])
        #expect(screen.allRuns == runs)
    }
}
