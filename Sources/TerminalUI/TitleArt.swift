/// Big box-drawing letters (three rows tall) for the title screen and court callouts.
public enum TitleArt {
    /// "TERMINAL TENNIS" in big letters, for the title screen.
    public static let `default`: [String] = big("TERMINAL TENNIS") ?? ["TERMINAL TENNIS"]

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
}
