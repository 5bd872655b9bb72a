import TennisCore

extension CourtRenderer {
    /// The scoreboard (left), match facts (right) and status words (centred).
    static func drawHUD(_ scene: CourtScene, into screen: inout Screen) {
        let view = scene.view, score = view.score
        let labels = (0...1).map { index in
            let marks = [scene.you == index ? "you" : nil, scene.anonymous[index] ? "anon" : nil].compactMap { $0 }
            return String(scene.names[index].prefix(16)) + (marks.isEmpty ? "" : " (" + marks.joined(separator: ", ") + ")")
        }
        let nameWidth = labels.map(\.count).max() ?? 0
        let points = ScoreText.pointLabels(score)
        for index in 0...1 {
            var x = 1
            if score.winner < 0 && Int(score.server) == index {
                screen.put(x: x, y: index, "•", style: Style(fg: .yellow, bold: true))
            }
            x += 2
            let isWinner = Int(score.winner) == index
            screen.put(x: x, y: index, labels[index], style: Style(bold: scene.you == index || isWinner))
            x += nameWidth + 1
            let columns = ScoreText.gameColumns(score, player: index)
            for (n, games) in columns.enumerated() {
                let current = n == columns.count - 1 && score.winner < 0
                screen.put(x: x, y: index, pad(games, to: 3), style: Style(bold: current))
                x += 3
            }
            if score.winner < 0 {
                screen.put(x: x + 1, y: index, pad(points[index], to: 3), style: Style(fg: .yellow, bold: true))
            }
        }
        var facts = ["\(scene.surface) court"]
        if let code = scene.code { facts.insert("match \(code)", at: 0) }
        let rtt = scene.rttMillis.map { "RTT \($0) ms" } ?? "RTT —"
        var link = [rtt]
        if scene.spectators > 0 { link.append("\(scene.spectators) watching") }
        for (row, parts) in [facts, link].enumerated() {
            let text = parts.joined(separator: " · ")
            screen.put(x: screen.width - 1 - text.count, y: row, text, style: Style(dim: true))
        }
        if let rtt = scene.rttMillis, rtt >= CourtRenderer.slowLinkMillis {
            // A bad link is worth saying out loud: the round trip, in red, with a word.
            let text = "RTT \(rtt) ms · slow link"
            let trailing = scene.spectators > 0 ? " · \(scene.spectators) watching" : ""
            screen.put(x: screen.width - 1 - text.count - trailing.count, y: 1, text, style: Style(fg: .red, bold: true))
        }
        let status = ScoreText.status(view, names: scene.names)
        screen.putCentred(y: 2, status, style: Style(fg: .yellow, bold: true))
        if let note = scene.note, !note.isEmpty {
            screen.put(x: 1, y: 2, String(note.prefix(max(0, screen.width / 2 - status.count / 2 - 3))),
                       style: Style(fg: .cyan))
        }
        if let rally = scene.rallyLength, rally >= 2 {
            let text = "rally \(rally)"
            screen.put(x: screen.width - 1 - text.count, y: 2, text, style: Style(dim: true))
        }
    }

    /// A short shout in big letters (or boxed, if the font lacks a character) near the top of the court.
    static func drawCallout(_ text: String, into screen: inout Screen, centre: Int, top: Int, charset: Charset) {
        let style = Style(fg: .yellow, bold: true)
        if let big = TitleArt.big(text, charset: charset), let width = big.first?.count, width + 2 <= screen.width {
            let left = centre - width / 2
            screen.fill(x: left - 1, y: top, width: width + 2, height: big.count)
            for (row, line) in big.enumerated() { screen.put(x: left, y: top + row, line, style: style) }
        } else {
            drawBox(String(text.prefix(screen.width - 6)), into: &screen, centre: centre, top: top, style: style)
        }
    }

    /// A message in a box over the middle of the court.
    static func drawBanner(_ text: String, into screen: inout Screen, centre: Int, row: Int) {
        let text = String(text.prefix(screen.width - 6))
        drawBox(text, into: &screen, centre: centre, top: row - 1, style: Style(fg: .white, bold: true))
    }

    static func drawBox(_ text: String, into screen: inout Screen, centre: Int, top: Int, style: Style) {
        let inner = text.count + 2
        let left = centre - (inner + 2) / 2
        let rule = String(repeating: "─", count: inner)
        screen.put(x: left, y: top, "╭" + rule + "╮", style: style)
        screen.put(x: left, y: top + 1, "│ " + text + " │", style: style)
        screen.put(x: left, y: top + 2, "╰" + rule + "╯", style: style)
    }

    static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// The court's colours, chosen from the surface: blue hard courts, red clay, green grass,
/// white lines, a bold net. Each has a basic colour (16-colour terminals) and a richer xterm
/// 256-colour one; in monochrome only attributes remain, so players are reversed blocks.
struct Palette {
    let ground: Style
    let line: Style
    let net: Style
    let shadow: Style
    let ball: Style
    let racket: Style
    let mark: Style
    let mono: Bool
    /// The served-to box's tint on 256-colour terminals.
    let serviceBox256: UInt8 = 37

    init(surface: String, colour override: TermColor? = nil, colour256: UInt8? = nil, mode: ColourMode = .colour256) {
        let colour: TermColor =
            override ?? {
                switch surface.lowercased() {
                case "hard": .blue
                case "clay": .red
                default: .green
                }
            }()
        let rich = colour256 ?? (override == nil ? Self.rich(surface) : nil)
        mono = mode == .mono
        ground = Style(bg: colour, bg256: rich)
        line = Style(fg: .white, bg: colour, fg256: 231, bg256: rich)
        net = Style(fg: .white, bg: colour, bold: true, fg256: 231, bg256: rich)
        shadow = Style(fg: .black, dim: mono)
        ball = Style(fg: .yellow, bold: true, fg256: 190)
        racket = Style(fg: .white, bold: true, fg256: 231)
        mark = Style(fg: .magenta, bold: true, fg256: 201)
    }

    /// The 256-colour shade of the built-in surfaces (the basic colour elsewhere).
    static func rich(_ surface: String) -> UInt8? {
        switch surface.lowercased() {
        case "hard": 25
        case "clay": 130
        case "grass": 28
        default: nil
        }
    }

    /// Yellow for the player this client controls, cyan for the other; a spectator sees
    /// the left player yellow and the right one cyan. In monochrome: bold and reversed.
    func player(_ index: Int, you: Int?) -> Style {
        if mono { return Style(bold: true, reverse: true) }
        let yours = you.map { $0 == index } ?? (index == 0)
        return Style(fg: .black, bg: yours ? .yellow : .cyan, bold: true)
    }
}

extension CourtRenderer {
    /// The last chat lines (and the one being typed) at the bottom left of the court area. A
    /// line too long for the box wraps onto a second row (the speaker's name stays at its head);
    /// the line being typed shows its end, where the cursor is.
    static func drawChat(_ scene: CourtScene, into screen: inout Screen) {
        let width = min(60, screen.width / 2)
        var rows: [(text: String, typing: Bool)] = []
        for line in scene.chat.suffix(3) { rows += chatRows(line, width: width - 2).map { ($0, false) } }
        if let draft = scene.chatDraft { rows.append((String(("say: " + draft + "▏").suffix(width - 2)), true)) }
        guard !rows.isEmpty else { return }
        let bottom = screen.height - footerRows - 1
        for (index, row) in rows.suffix(5).reversed().enumerated() {
            // Padded to the box's width, so a row cut at a space leaves no court line showing.
            let padded = row.text + String(repeating: " ", count: max(0, width - 2 - row.text.count))
            screen.put(x: 1, y: bottom - index, " " + padded + " ", style: Style(reverse: row.typing))
        }
    }

    /// A chat line in rows of at most `width` characters, `maxRows` at most (the last cut with
    /// "…"). At 80 columns three rows hold the longest line: a 16-character name, " (watching): "
    /// and 80 characters of text.
    static func chatRows(_ line: String, width: Int, maxRows: Int = 3) -> [String] {
        guard width > 1 else { return [line] }
        var rows: [String] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            if rows.count == maxRows - 1, rest.count > width {
                rows.append(String(rest.prefix(width - 1)) + "…")
                break
            }
            var row = rest.prefix(width)
            // Break at a space in the row's second half rather than inside a word.
            if rest.count > width, let space = row.lastIndex(of: " "), row.distance(from: row.startIndex, to: space) > width / 2 {
                row = rest[rest.startIndex..<space]
                rest = rest[rest.index(after: space)...]
            } else {
                rest = rest.dropFirst(row.count)
            }
            rows.append(String(row))
        }
        return rows.isEmpty ? [line] : rows
    }
}

extension CourtRenderer {
    /// Rows of the serve meter.
    static let serveMeterRows = 6

    /// The toss as a vertical meter on the server's outer side: filled to the ball's height,
    /// the sweet spot marked at the top ("◀ HIT" green in the perfect window, yellow while a
    /// serve would still be good), an arrow saying whether the ball still rises.
    static func drawServeMeter(_ meter: ServeMeter, scene: CourtScene, into screen: inout Screen, _ p: CourtProjection) {
        let player = scene.view.players[meter.server]
        let outward = meter.server == 0 ? -1 : 1
        let column = max(0, min(screen.width - 1, p.column(player.position.x) + 3 * outward))
        let bottom = min(screen.height - footerRows - 1, p.row(player.position.y) + 2)
        let top = bottom - serveMeterRows + 1
        guard top >= hudRows else { return }
        let filled = Int((meter.fraction * Double(serveMeterRows)).rounded())
        let ascii = scene.charset == .ascii
        let colour: TermColor = meter.isPerfect ? .green : meter.isGood ? .yellow : .red
        for index in 0..<serveMeterRows {
            let row = bottom - index
            let full = index < filled
            screen.put(x: column, y: row, full ? (ascii ? "#" : "┃") : (ascii ? "|" : "┆"),
                       style: full ? Style(fg: colour, bold: true) : Style(dim: true))
        }
        let rising = meter.rising
        let arrow: Character = ascii ? (rising ? "^" : "v") : (rising ? "▲" : "▼")
        screen.put(x: column, y: top - 1, arrow, style: Style(fg: colour, bold: true))
        // The sweet spot: beside the top of the meter, on the court side of it.
        let label = meter.isPerfect ? "HIT!" : "hit"
        let mark = (ascii ? "<" : "◀") + " " + label
        let x = meter.server == 0 ? column + 1 : column - mark.count
        screen.put(x: max(0, x), y: top, meter.server == 0 ? mark : (ascii ? label + " >" : label + " ▶"),
                   style: meter.isPerfect ? Style(fg: .green, bold: true, reverse: true)
                       : meter.isGood ? Style(fg: .yellow, bold: true) : Style(dim: true))
    }
}
