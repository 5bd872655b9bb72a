/// Turns frames into the escape sequences a VT100/xterm-style terminal understands: what the
/// ssh path sends where the local path calls curses.
///
/// Each run becomes a cursor move (`CSI row;col H`), a full SGR (`CSI 0;…m`: reset, then bold,
/// dim, reverse and colours, picked as the curses path picks them: the 256-colour index on a
/// 256-colour terminal, else the basic colour, none in mono) and its text in UTF-8. A full
/// redraw starts by clearing the screen.
public struct ANSIWriter: Sendable {
    public let colourMode: ColourMode
    public let charset: Charset
    private var previous: Screen?

    public init(colourMode: ColourMode, charset: Charset) {
        self.colourMode = colourMode
        self.charset = charset
    }

    /// Bytes that switch to the alternate screen and hide the cursor (sent once at the start).
    public static let enter = Array("\u{1B}[?1049h\u{1B}[?25l\u{1B}[0m\u{1B}[2J".utf8)
    /// Bytes that restore the normal screen and the cursor (sent once at the end).
    public static let leave = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)
    /// The bell.
    public static let bell: [UInt8] = [0x07]

    /// Forgets the last frame: the next one is drawn in full.
    public mutating func invalidate() { previous = nil }

    /// The bytes that put `frame` on the terminal, given the frames written before: only the
    /// changed cells, or everything after `invalidate()`, the first frame or a size change.
    /// Empty when nothing changed.
    ///
    /// Frames are diffed as drawn; colours are adapted to the mode and characters to the
    /// charset per run as they are written, not per cell of every frame (a per-frame copy of
    /// the screen cost more than the diff itself at 60 frames a second).
    public mutating func bytes(for screen: Screen) -> [UInt8] {
        var out: [UInt8] = []
        let runs: [ScreenRun]
        if let previous, previous.width == screen.width, previous.height == screen.height {
            runs = screen.diff(from: previous)
        } else {
            out += Array("\u{1B}[0m\u{1B}[2J".utf8)
            runs = screen.allRuns
        }
        previous = screen
        guard !runs.isEmpty else { return out }
        for var run in runs {
            if charset == .ascii, !run.text.allSatisfy(\.isASCII) {
                run.text = String(run.text.map(Screen.asciiFallback))
            }
            Self.append(run, colourMode: colourMode, to: &out)
        }
        out += Array("\u{1B}[0m".utf8)
        return out
    }

    /// One run: a cursor move, its style and its text.
    static func append(_ run: ScreenRun, colourMode: ColourMode, to out: inout [UInt8]) {
        out += Array("\u{1B}[\(run.y + 1);\(run.x + 1)H".utf8)
        out += sgr(run.style, colourMode: colourMode)
        out += Array(run.text.utf8)
    }

    /// `CSI 0;…m` for a style: attributes, then foreground and background.
    static func sgr(_ style: Style, colourMode: ColourMode) -> [UInt8] {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.reverse { codes.append("7") }
        if colourMode != .mono {
            codes.append(colour(style.fg, style.fg256, base: 30, colourMode: colourMode))
            codes.append(colour(style.bg, style.bg256, base: 40, colourMode: colourMode))
        }
        return Array("\u{1B}[\(codes.joined(separator: ";"))m".utf8)
    }

    private static func colour(_ colour: TermColor, _ rich: UInt8?, base: Int, colourMode: ColourMode) -> String {
        if colourMode == .colour256, let rich { return "\(base + 8);5;\(rich)" }
        if colour == .default { return "\(base + 9)" }
        return "\(base + Int(colour.rawValue))"
    }
}
