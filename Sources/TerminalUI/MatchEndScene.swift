import TennisCore

/// The screen after a match: who won, the score of every set, a few numbers, and what next.
public struct MatchEndScene: Equatable, Sendable {
    /// One line of the statistics table: a label and each player's figure.
    public struct Stat: Equatable, Sendable {
        public var label: String
        public var values: [String]

        public init(_ label: String, _ left: String, _ right: String) {
            self.label = label
            self.values = [left, right]
        }
    }

    public var title: String
    public var names: [String]
    /// The winner's seat (nil: none).
    public var winner: Int?
    /// Column headings ("Set 1", …) and each player's figure in that column.
    public var columns: [(heading: String, values: [String])]
    public var stats: [Stat]
    /// A line under the tables, e.g. the longest rally.
    public var remark: String?
    public var options: [String]
    public var selected: Int
    public var footer: String

    /// - Parameter byForfeit: the other player left or never came back (the title says so).
    /// - Parameter you: the seat of the player looking (nil: a spectator): the title speaks to them.
    public init(score: Score, names: PerPlayer<String>, winner: Int?, stats: [Stat], remark: String? = nil,
                options: [String], selected: Int, byForfeit: Bool = false, you: Int? = nil)
    {
        self.names = [names[0], names[1]]
        self.winner = winner
        columns = Self.setColumns(score, unfinished: score.winner < 0 || byForfeit)
        title = Self.title(names: names, winner: winner, you: you, byForfeit: byForfeit, columns: columns)
        self.stats = stats
        self.remark = remark
        self.options = options
        self.selected = selected
        footer = "↑↓ choose   Enter select"
    }

    /// "You won 7–4", "Bot L3 won 6–4 6–3" (the winner's figure first), "Ann wins by forfeit".
    static func title(names: PerPlayer<String>, winner: Int?, you: Int?, byForfeit: Bool,
                      columns: [(heading: String, values: [String])]) -> String {
        guard let winner, (0...1).contains(winner) else { return "Match over" }
        let who = you == winner ? "You" : names[winner]
        let verb = you == nil ? "wins" : "won"
        if byForfeit {
            let left = you == nil || you == winner ? names[1 - winner] : "you"
            return "\(who) \(verb) by forfeit (\(left) left)"
        }
        // Games only: the table below has the tiebreak points.
        func games(_ value: String) -> Substring { value.prefix { $0 != "(" } }
        let score = columns.map { "\(games($0.values[winner]))–\(games($0.values[1 - winner]))" }.joined(separator: " ")
        return score.isEmpty ? "\(who) \(verb) the match" : "\(who) \(verb) \(score)"
    }

    /// One column per set: its games, with the tiebreak points in brackets ("7(7)", "6(4)");
    /// a single-tiebreak match shows its points. An unfinished set (a forfeit) comes last.
    static func setColumns(_ score: Score, unfinished: Bool) -> [(heading: String, values: [String])] {
        var columns: [(String, [String])] = []
        for (index, set) in score.sets.enumerated() {
            let values = (0...1).map { player -> String in
                if score.format == .tiebreak, let points = set.tiebreak { return String(points[player]) }
                let games = String(set.games[player])
                return set.tiebreak.map { games + "(\($0[player]))" } ?? games
            }
            columns.append((score.format == .tiebreak ? "Tiebreak" : "Set \(index + 1)", values))
        }
        if unfinished, score.format == .tiebreak, score.sets.isEmpty {
            // A single tiebreak cut short (a forfeit): its points so far.
            columns.append(("Tiebreak", [String(score.points[0]), String(score.points[1])]))
        } else if unfinished, score.games[0] + score.games[1] > 0 || columns.isEmpty {
            columns.append(("Set \(score.sets.count + 1)", [String(score.games[0]), String(score.games[1])]))
        }
        return columns
    }

    public static func == (a: MatchEndScene, b: MatchEndScene) -> Bool {
        a.title == b.title && a.names == b.names && a.stats == b.stats && a.remark == b.remark
            && a.options == b.options && a.selected == b.selected && a.footer == b.footer
            && a.columns.map(\.heading) == b.columns.map(\.heading) && a.columns.map(\.values) == b.columns.map(\.values)
    }
}

/// Draws a `MatchEndScene`: title, score table, statistics, then the options as a menu.
public enum MatchEndRenderer {
    public static func render(_ scene: MatchEndScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let nameWidth = max(14, scene.names.map { $0.count }.max() ?? 0)
        let cell = 9
        let scoreRows = 3, statRows = scene.stats.isEmpty ? 0 : scene.stats.count + 2
        let block = 3 + scoreRows + 1 + statRows + (scene.remark == nil ? 0 : 2) + 1 + scene.options.count
        var row = max(0, (height - 1 - block) / 2)
        screen.putCentred(y: row, scene.title, style: Style(fg: .yellow, bold: true))
        screen.putCentred(y: row + 1, String(repeating: "─", count: scene.title.count), style: Style(fg: .yellow))
        row += 3
        let tableWidth = nameWidth + cell * max(scene.columns.count, 2)
        let left = max(0, (width - tableWidth) / 2)
        func cells(_ values: [String], row: Int, style: Style) {
            for (index, value) in values.enumerated() {
                let x = left + nameWidth + cell * index + cell - value.count
                screen.put(x: x, y: row, value, style: style)
            }
        }
        cells(scene.columns.map(\.heading), row: row, style: Style(dim: true))
        for player in 0...1 {
            let won = scene.winner == player
            screen.put(x: left, y: row + 1 + player, scene.names[player], style: Style(bold: won))
            cells(scene.columns.map { $0.values[player] }, row: row + 1 + player, style: Style(bold: won))
        }
        row += scoreRows + 1
        if !scene.stats.isEmpty {
            cells(scene.names.map { String($0.prefix(cell - 1)) }, row: row, style: Style(dim: true))
            for (index, stat) in scene.stats.enumerated() {
                screen.put(x: left, y: row + 1 + index, stat.label)
                cells(stat.values, row: row + 1 + index, style: .plain)
            }
            row += statRows
        }
        if let remark = scene.remark {
            screen.put(x: left, y: row, remark, style: Style(fg: .cyan))
            row += 2
        }
        let itemWidth = (scene.options.map(\.count).max() ?? 0) + 4
        let itemLeft = (width - itemWidth) / 2
        for (index, option) in scene.options.enumerated() {
            let isSelected = index == scene.selected
            let text = (isSelected ? "▶ " : "  ") + option
            let padded = text + String(repeating: " ", count: itemWidth - text.count)
            screen.put(x: itemLeft, y: row + index, padded, style: Style(bold: isSelected, reverse: isSelected))
        }
        screen.putCentred(y: height - 1, scene.footer, style: Style(dim: true))
        return screen
    }
}
