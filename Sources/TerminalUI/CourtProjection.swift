import TennisCore

/// Maps court metres to screen cells for one frame size, keeping the court's real
/// proportions on cells about twice as tall as they are wide.
struct CourtProjection: Equatable, Sendable {
    /// Metres drawn around the court: behind each baseline and beside each doubles sideline.
    static let marginBehind = 3.0
    static let marginBeside = 1.5
    static var halfFieldLength: Double { Court.halfLength + marginBehind }
    static var halfFieldWidth: Double { Court.halfDoublesWidth + marginBeside }

    /// The column of the net (x = 0) and the row of the centre line (y = 0).
    let netColumn: Int
    let centreRow: Int
    let columnsPerMetre: Double
    var rowsPerMetre: Double { columnsPerMetre / 2 }

    /// The largest projection that fits the field (court plus margins) in the given area.
    init(left: Int, top: Int, width: Int, height: Int) {
        let halfColumns = (width - 1) / 2
        let halfRows = (height - 1) / 2
        netColumn = left + halfColumns
        centreRow = top + halfRows
        columnsPerMetre = max(
            0, min(Double(halfColumns) / Self.halfFieldLength, 2 * Double(halfRows) / Self.halfFieldWidth))
    }

    /// The column of `x` metres along the court (rounded symmetrically about the net).
    func column(_ x: Double) -> Int { netColumn + Int((x * columnsPerMetre).rounded()) }
    /// The row of `y` metres across the court (rounded symmetrically about the centre line).
    func row(_ y: Double) -> Int { centreRow + Int((y * rowsPerMetre).rounded()) }
    /// How many rows up a height of `z` metres is drawn.
    func rows(height z: Double) -> Int { Int((max(0, z) * rowsPerMetre).rounded()) }
}
