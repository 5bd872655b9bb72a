/// "tennis jion" → "did you mean 'join'?": the subcommand nearest a mistyped first word.
enum CommandSuggestion {
    /// The known name within two edits of `word` (nearest first), if any.
    static func nearest(to word: String, in names: [String]) -> String? {
        let scored = names.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// The message for a first argument that is no subcommand (nil: it is one, or an option).
    static func complaint(for arguments: [String], names: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) else { return nil }
        let hint = nearest(to: first, in: names).map { " Did you mean '\($0)'?" } ?? ""
        return "Error: unknown command '\(first)'.\(hint)\nThe commands: \(names.joined(separator: ", ")). "
            + "See 'tennis --help'."
    }

    /// Levenshtein distance, with a swap of neighbours counting as one edit ("jion" → "join").
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
