/// Which characters the terminal can show: Unicode (box drawing, ●, ▶) or plain ASCII.
public enum Charset: Sendable {
    case unicode
    case ascii

    /// Unicode when the locale's character set (`nl_langinfo(CODESET)` after
    /// `setlocale(LC_ALL, "")`) is UTF-8, unless ASCII is forced.
    public static func detect(codeset: String?, forceASCII: Bool) -> Charset {
        guard !forceASCII, let codeset else { return .ascii }
        let name = codeset.lowercased().filter { $0.isLetter || $0.isNumber }
        return name == "utf8" ? .unicode : .ascii
    }
}

extension Screen {
    /// The same frame with every non-ASCII character replaced by an ASCII stand-in
    /// (`+ - | = o .`), for terminals whose locale is not UTF-8. Styles are kept.
    public var ascii: Screen {
        var copy = self
        for row in 0..<height {
            for column in 0..<width {
                let cell = self[column, row]
                if !cell.character.isASCII {
                    copy[column, row] = Cell(Self.asciiFallback(cell.character), style: cell.style)
                }
            }
        }
        return copy
    }

    /// The ASCII stand-in for one character ("?" for one without a sensible one).
    public static func asciiFallback(_ character: Character) -> Character {
        if character.isASCII { return character }
        if let mapped = asciiTable[character] { return mapped }
        if "┌┐└┘├┤┬┴┼╭╮╰╯╔╗╚╝╠╣╦╩╬╥╨╫╒╓╕╖╘╙╛╜╞╟╡╢╤╧╪".contains(character) { return "+" }
        return "?"
    }

    private static let asciiTable: [Character: Character] = [
        "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|", "╱": "/", "╲": "\\",
        "●": "o", "·": ".", "•": "*", "▶": ">", "▏": "|", "←": "<", "→": ">", "↑": "^", "↓": "v",
        "—": "-", "–": "-", "…": ".", "×": "x", "✕": "x", "✗": "x", "é": "e", "è": "e", "ü": "u", "ö": "o",
        "ä": "a", "“": "\"", "”": "\"", "‘": "'", "’": "'",
    ]
}
