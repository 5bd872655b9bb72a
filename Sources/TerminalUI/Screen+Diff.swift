/// A horizontal run of cells in one style: the unit the terminal writes.
public struct ScreenRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var text: String
    public var style: Style

    public init(x: Int, y: Int, text: String, style: Style) {
        self.x = x
        self.y = y
        self.text = text
        self.style = style
    }
}

extension Screen {
    /// The runs that turn `previous` into this screen: maximal same-style stretches of changed
    /// cells, row by row, left to right. A previous screen of another size counts as all
    /// different, so every cell is returned.
    public func diff(from previous: Screen) -> [ScreenRun] {
        let sameSize = previous.width == width && previous.height == height
        var runs: [ScreenRun] = []
        for row in 0..<height {
            var column = 0
            while column < width {
                let index = row * width + column
                if sameSize && previous.cells[index] == cells[index] {
                    column += 1
                    continue
                }
                let style = cells[index].style
                var text = ""
                var end = column
                while end < width {
                    let i = row * width + end
                    if cells[i].style != style || (sameSize && previous.cells[i] == cells[i]) { break }
                    text.append(cells[i].character)
                    end += 1
                }
                runs.append(ScreenRun(x: column, y: row, text: text, style: style))
                column = end
            }
        }
        return runs
    }

    /// Every cell as runs, for a full redraw.
    public var allRuns: [ScreenRun] { diff(from: Screen(width: 0, height: 0)) }
}
