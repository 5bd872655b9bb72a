import TennisCore

/// Court lines as box-drawing characters: each cell collects which neighbours its lines
/// reach (up, down, left, right) and gets the glyph that joins them, so corners and
/// T-junctions come out right at any scale.
struct CourtLines {
    static let up: UInt8 = 1, down: UInt8 = 2, left: UInt8 = 4, right: UInt8 = 8

    private(set) var masks: [Int: UInt8] = [:]
    let width: Int

    init(width: Int) { self.width = width }

    /// A line along a row from column `c0` to `c1`.
    mutating func horizontal(row: Int, from c0: Int, to c1: Int) {
        guard c0 < c1 else { return }
        for column in c0...c1 {
            var bits: UInt8 = 0
            if column > c0 { bits |= Self.left }
            if column < c1 { bits |= Self.right }
            add(bits, column: column, row: row)
        }
    }

    /// A line down a column from row `r0` to `r1`.
    mutating func vertical(column: Int, from r0: Int, to r1: Int) {
        guard r0 < r1 else { return }
        for row in r0...r1 {
            var bits: UInt8 = 0
            if row > r0 { bits |= Self.up }
            if row < r1 { bits |= Self.down }
            add(bits, column: column, row: row)
        }
    }

    /// Adds connections to one cell (e.g. a stub for a centre mark).
    mutating func add(_ bits: UInt8, column: Int, row: Int) {
        guard column >= 0, column < width else { return }
        masks[row * width + column, default: 0] |= bits
    }

    /// Every line cell with its glyph.
    func cells() -> [(column: Int, row: Int, glyph: Character)] {
        masks.map { key, bits in (key % width, key / width, Self.glyph(bits)) }
    }

    static func glyph(_ bits: UInt8) -> Character {
        switch bits {
        case left | right, left, right: "─"
        case up | down, up, down: "│"
        case right | down: "┌"
        case left | down: "┐"
        case right | up: "└"
        case left | up: "┘"
        case left | right | down: "┬"
        case left | right | up: "┴"
        case up | down | right: "├"
        case up | down | left: "┤"
        default: "┼"
        }
    }

    /// The lines of a tennis court under `projection`: doubles and singles sidelines,
    /// baselines with their centre marks, service lines and the centre service line.
    static func court(_ p: CourtProjection, width: Int) -> CourtLines {
        var lines = CourtLines(width: width)
        let back = p.column(-Court.halfLength), front = p.column(Court.halfLength)
        let top = p.row(-Court.halfDoublesWidth), bottom = p.row(Court.halfDoublesWidth)
        let singlesTop = p.row(-Court.halfSinglesWidth), singlesBottom = p.row(Court.halfSinglesWidth)
        for row in [top, bottom, singlesTop, singlesBottom] {
            lines.horizontal(row: row, from: back, to: front)
        }
        lines.vertical(column: back, from: top, to: bottom)
        lines.vertical(column: front, from: top, to: bottom)
        let serviceLeft = p.column(-Court.serviceLineFromNet), serviceRight = p.column(Court.serviceLineFromNet)
        lines.vertical(column: serviceLeft, from: singlesTop, to: singlesBottom)
        lines.vertical(column: serviceRight, from: singlesTop, to: singlesBottom)
        lines.horizontal(row: p.row(0), from: serviceLeft, to: serviceRight)
        lines.add(right, column: back, row: p.row(0))
        lines.add(left, column: front, row: p.row(0))
        return lines
    }
}
