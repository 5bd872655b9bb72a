/// Big box-drawing letters (three rows tall) for the title screen and court callouts.
public enum TitleArt {
    /// "TERMINAL TENNIS" in big letters, for the title screen.
    public static let `default`: [String] = big("TERMINAL TENNIS") ?? ["TERMINAL TENNIS"]
    /// The title in plain ASCII letters, for terminals without Unicode.
    public static let ascii: [String] = big("TERMINAL TENNIS", charset: .ascii) ?? ["TERMINAL TENNIS"]

    /// The title art for `charset`.
    public static func title(for charset: Charset) -> [String] { charset == .ascii ? ascii : `default` }

    /// `text` in three-row letters drawn with `charset`'s characters (box drawing or ASCII).
    public static func big(_ text: String, charset: Charset) -> [String]? {
        guard charset == .ascii else { return big(text) }
        var rows = ["", "", ""]
        for character in text.uppercased() {
            guard let glyph = asciiFont[character] else { return nil }
            for row in 0..<3 { rows[row] += glyph[row] + " " }
        }
        return rows.map { String($0.dropLast()) }
    }

    /// `text` in three-row box-drawing letters (letters are upper-cased), or nil when it
    /// contains a character the font lacks (it has A–Z, space, "!" and "-").
    public static func big(_ text: String) -> [String]? {
        var rows = ["", "", ""]
        for character in text.uppercased() {
            guard let glyph = font[character] else { return nil }
            for row in 0..<3 { rows[row] += glyph[row] }
        }
        return rows
    }

    /// Three rows per glyph, each row the same width (box-drawing "Calvin S" style).
    static let font: [Character: [String]] = [
        "A": ["╔═╗", "╠═╣", "╩ ╩"],
        "B": ["╔╗ ", "╠╩╗", "╚═╝"],
        "C": ["╔═╗", "║  ", "╚═╝"],
        "D": ["╔╦╗", " ║║", "═╩╝"],
        "E": ["╔═╗", "║╣ ", "╚═╝"],
        "F": ["╔═╗", "╠╣ ", "╚  "],
        "G": ["╔═╗", "║ ╦", "╚═╝"],
        "H": ["╦ ╦", "╠═╣", "╩ ╩"],
        "I": ["╦", "║", "╩"],
        "J": [" ╦", " ║", "╚╝"],
        "K": ["╦╔═", "╠╩╗", "╩ ╩"],
        "L": ["╦  ", "║  ", "╩═╝"],
        "M": ["╔╦╗", "║║║", "╩ ╩"],
        "N": ["╔╗╔", "║║║", "╝╚╝"],
        "O": ["╔═╗", "║ ║", "╚═╝"],
        "P": ["╔═╗", "╠═╝", "╩  "],
        "Q": ["╔═╗", "║ ║", "╚═╬"],
        "R": ["╦═╗", "╠╦╝", "╩╚═"],
        "S": ["╔═╗", "╚═╗", "╚═╝"],
        "T": ["╔╦╗", " ║ ", " ╩ "],
        "U": ["╦ ╦", "║ ║", "╚═╝"],
        "V": ["╦  ╦", "╚╗╔╝", " ╚╝ "],
        "W": ["╦ ╦", "║║║", "╚╩╝"],
        "X": ["╗ ╔", " ╬ ", "╝ ╚"],
        "Y": ["╦ ╦", "╚╦╝", " ╩ "],
        "Z": ["╔═╗", "╔═╝", "╚═╝"],
        "!": ["╦", "║", "o"],
        "-": ["   ", "══ ", "   "],
        " ": ["  ", "  ", "  "],
    ]

    /// The same letters in ASCII (three rows, one column apart when drawn).
    static let asciiFont: [Character: [String]] = [
        "A": [" _ ", "|_|", "| |"], "B": [" _ ", "|_)", "|_)"], "C": [" _", "| ", "|_"],
        "D": [" _ ", "| \\", "|_/"], "E": [" _", "|_", "|_"], "F": [" _", "|_", "| "],
        "G": [" _ ", "| _", "|_|"], "H": ["   ", "|_|", "| |"], "I": ["_", "|", "|"],
        "J": ["  ", " |", "_|"], "K": ["   ", "|_/", "| \\"], "L": ["  ", "| ", "|_"],
        "M": ["    ", "|\\/|", "|  |"], "N": ["    ", "|\\ |", "| \\|"], "O": [" _ ", "| |", "|_|"],
        "P": [" _ ", "|_)", "|  "], "Q": [" _ ", "| |", "|_\\"], "R": [" _ ", "|_)", "| \\"],
        "S": [" __", "(_ ", "__)"], "T": ["___", " | ", " | "], "U": ["   ", "| |", "|_|"],
        "V": ["   ", "\\ /", " V "], "W": ["    ", "|  |", "|/\\|"], "X": ["   ", "\\_/", "/ \\"],
        "Y": ["   ", "\\_/", " | "], "Z": ["__", " /", "/_"], "!": [" ", "|", "."], "-": ["  ", "--", "  "],
        " ": ["  ", "  ", "  "],
    ]
}
