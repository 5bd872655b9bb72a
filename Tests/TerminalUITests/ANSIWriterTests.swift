import Testing
@testable import TerminalUI

@Suite struct ANSIWriterTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func aChangedCellIsOneMoveOneStyleAndItsText() {
        var writer = ANSIWriter(colourMode: .colour16, charset: .unicode)
        var screen = Screen(width: 4, height: 2)
        _ = writer.bytes(for: screen)
        screen.put(x: 2, y: 1, "●", style: Style(fg: .yellow, bold: true))
        #expect(text(writer.bytes(for: screen)) == "\u{1B}[2;3H\u{1B}[0;1;33;49m●\u{1B}[0m")
    }

    @Test func anUnchangedFrameWritesNothing() {
        var writer = ANSIWriter(colourMode: .colour16, charset: .unicode)
        let screen = Screen(width: 3, height: 3)
        _ = writer.bytes(for: screen)
        #expect(writer.bytes(for: screen).isEmpty)
    }

    @Test func coloursArePickedAsCursesPicksThem() {
        let rich = Style(fg: .green, bg: .blue, fg256: 28, bg256: 17)
        #expect(text(ANSIWriter.sgr(rich, colourMode: .colour256)) == "\u{1B}[0;38;5;28;48;5;17m")
        #expect(text(ANSIWriter.sgr(rich, colourMode: .colour16)) == "\u{1B}[0;32;44m")
        #expect(text(ANSIWriter.sgr(Style(fg: .red, dim: true, reverse: true), colourMode: .mono)) == "\u{1B}[0;2;7m")
    }

    @Test func asciiCharsetReplacesLineCharacters() {
        var writer = ANSIWriter(colourMode: .mono, charset: .ascii)
        var screen = Screen(width: 3, height: 1)
        screen.put(x: 0, y: 0, "─●│")
        let out = text(writer.bytes(for: screen))
        #expect(out.contains("-o|"))
        let allASCII = out.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII)
    }

    @Test func aFullFrameParsesBackToTheSameText() {
        var writer = ANSIWriter(colourMode: .colour256, charset: .unicode)
        var screen = Screen(width: 20, height: 4)
        screen.put(x: 1, y: 0, "Terminal Tennis", style: Style(fg: .green, bold: true, fg256: 40))
        screen.put(x: 0, y: 2, "┌──┐ ● 15-30", style: Style(fg: .white, bg: .blue))
        screen.put(x: 19, y: 3, "x")
        var grid = VirtualTerminal(width: 20, height: 4)
        grid.feed(writer.bytes(for: screen))
        #expect(grid.lines == screen.lines)
        // A second frame sends only its changes, and the grid follows.
        screen.put(x: 6, y: 2, " ")
        screen.put(x: 7, y: 2, "●")
        grid.feed(writer.bytes(for: screen))
        #expect(grid.lines == screen.lines)
    }

    @Test func aSizeChangeRedrawsEverything() {
        var writer = ANSIWriter(colourMode: .mono, charset: .unicode)
        _ = writer.bytes(for: Screen(width: 3, height: 1))
        var bigger = Screen(width: 4, height: 2)
        bigger.put(x: 0, y: 1, "ab")
        let out = text(writer.bytes(for: bigger))
        #expect(out.hasPrefix("\u{1B}[0m\u{1B}[2J"))
        #expect(out.contains("\u{1B}[1;1H"))
    }
}

/// A tiny terminal: cursor moves (`CSI r;c H`), SGR skipped, clear (`CSI 2J`), printable text.
/// Enough to read back what `ANSIWriter` wrote.
struct VirtualTerminal {
    let width: Int
    let height: Int
    private var cells: [[Character]]
    private var row = 0, column = 0

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    mutating func feed(_ bytes: [UInt8]) {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var end = i + 2
                while end < scalars.count, !(0x40...0x7E).contains(scalars[end].value) { end += 1 }
                let parameters = String(String.UnicodeScalarView(scalars[(i + 2)..<end]))
                switch scalars[end] {
                case "H":
                    let parts = parameters.split(separator: ";").compactMap { Int($0) }
                    row = (parts.first ?? 1) - 1
                    column = (parts.count > 1 ? parts[1] : 1) - 1
                case "J" where parameters == "2":
                    cells = Array(repeating: Array(repeating: " ", count: width), count: height)
                default: break
                }
                i = end + 1
                continue
            }
            if row < height, column < width { cells[row][column] = Character(scalars[i]) }
            column += 1
            i += 1
        }
    }

    var lines: [String] {
        cells.map { line in
            var text = String(line)
            while text.last == " " { text.removeLast() }
            return text
        }
    }
}
