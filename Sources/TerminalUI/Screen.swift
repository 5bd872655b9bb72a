/// One of the eight basic terminal colours, or the terminal's own default.
public enum TermColor: UInt8, CaseIterable, Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
    /// The terminal's default foreground or background.
    case `default`
}

/// How a cell is drawn: colours and the attributes that every terminal supports.
public struct Style: Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    /// A richer foreground from the xterm 256-colour palette, used instead of `fg` when the
    /// terminal has 256 colours (`fg` is the 16-colour fallback).
    public var fg256: UInt8?
    /// A richer background, used instead of `bg` on 256-colour terminals.
    public var bg256: UInt8?

    public init(
        fg: TermColor = .default, bg: TermColor = .default, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, fg256: UInt8? = nil, bg256: UInt8? = nil
    ) {
        self.fg256 = fg256
        self.bg256 = bg256
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
    }

    /// Default colours, no attributes.
    public static let plain = Style()
}

/// One character cell of the screen.
///
/// Every `Character` is assumed to take one column: the renderers only use narrow glyphs.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style

    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    /// An empty cell in default colours.
    public static let blank = Cell()
}

/// A grid of styled cells: what a renderer produces and the terminal puts on screen.
///
/// Pure and comparable, so frames can be tested as text (`lines`, `text`) and the curses
/// layer only writes what changed since the last frame (`diff(from:)`).
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    /// A blank screen; negative sizes count as zero.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// True when (x, y) is on the screen.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The cell at (x, y); writes outside the screen are ignored, reads return a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (x, y) rightwards in `style`, one character per column, clipped at the edges.
    public mutating func put(x: Int, y: Int, _ text: String, style: Style = .plain) {
        guard y >= 0, y < height else { return }
        var column = x
        for character in text {
            if column >= width { break }
            if column >= 0 { cells[y * width + column] = Cell(character, style: style) }
            column += 1
        }
    }

    /// Writes one character at (x, y) in `style`, if it is on the screen.
    public mutating func put(x: Int, y: Int, _ character: Character, style: Style = .plain) {
        self[x, y] = Cell(character, style: style)
    }

    /// Writes `text` centred on row `y` (left-biased when the space left over is odd).
    public mutating func putCentred(y: Int, _ text: String, style: Style = .plain) {
        put(x: (width - text.count) / 2, y: y, text, style: style)
    }

    /// Fills a rectangle (clipped) with `character` in `style`.
    public mutating func fill(
        x: Int = 0, y: Int = 0, width w: Int? = nil, height h: Int? = nil, _ character: Character = " ",
        style: Style = .plain
    ) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + (w ?? width)), y1 = min(height, y + (h ?? height))
        guard x0 < x1, y0 < y1 else { return }
        let cell = Cell(character, style: style)
        for row in y0..<y1 {
            for column in x0..<x1 { cells[row * width + column] = cell }
        }
    }

    /// Each row as a string with trailing spaces removed (styles ignored).
    public var lines: [String] {
        (0..<height).map { row in
            var line = String(cells[row * width..<(row + 1) * width].map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// All rows joined by newlines, trailing spaces removed per row.
    public var text: String { lines.joined(separator: "\n") }
}
