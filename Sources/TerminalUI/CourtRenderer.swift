import TennisCore

/// Draws a match as seen (`CourtScene`) into a `Screen`: the court from above with its real
/// proportions, the players and the ball (raised above its shadow by its height), and a HUD.
///
/// Layout, top to bottom: two scoreboard rows (names, server •, games, points; match code,
/// surface, RTT and watchers on the right), a status row (Deuce, Ad NAME, Tiebreak, 2nd serve,
/// the winner), the court area, and the key hint on the last row.
public enum CourtRenderer {
    /// The smallest terminal the court layout needs (the key hint line is about 70 columns;
    /// below 24 rows the service boxes become too small to read).
    public static let minimumSize: (width: Int, height: Int) = (80, 24)

    /// A round trip at least this long is shown as a warning.
    public static let slowLinkMillis = 150

    /// Rows above the court area and below it.
    static let hudRows = 3
    static let footerRows = 1

    /// Renders `scene` at `width` × `height` cells, or a "too small" notice below `minimumSize`.
    public static func render(_ scene: CourtScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            drawTooSmall(into: &screen)
            return screen
        }
        let projection = CourtProjection(
            left: 0, top: hudRows, width: width, height: height - hudRows - footerRows)
        let palette = Palette(surface: scene.surface, colour: scene.courtColour, colour256: scene.courtColour256,
                              mode: scene.colourMode)
        drawCourt(into: &screen, projection, palette)
        if scene.view.phase == .serving { drawServiceBox(scene.view, into: &screen, projection, palette) }
        if let mark = scene.landingMark { drawLandingMark(mark, into: &screen, projection, palette) }
        if let mark = scene.bounceMark { drawBounceMark(mark, ascii: scene.charset == .ascii, into: &screen, projection) }
        // The meter and the ball's shadow go under the players; the ball over everything.
        if let meter = scene.serveMeter { drawServeMeter(meter, scene: scene, into: &screen, projection) }
        drawShadow(scene.view.ball, into: &screen, projection, palette)
        drawPlayers(scene, into: &screen, projection, palette)
        drawBall(scene.view.ball, into: &screen, projection, palette)
        if let callout = scene.callout, !callout.isEmpty {
            drawCallout(callout, into: &screen, centre: projection.netColumn, top: hudRows, charset: scene.charset)
        }
        if let banner = scene.banner, !banner.isEmpty {
            drawBanner(banner, into: &screen, centre: projection.netColumn, row: projection.centreRow)
        }
        drawHUD(scene, into: &screen)
        drawChat(scene, into: &screen)
        let hint = scene.you == nil ? "Watching  ·  1-5 react  T chat  M hide chat  ·  ? help  Q quit"
            : scene.keyHint ?? KeyMap.default.hint
        screen.putCentred(y: height - 1, hint, style: Style(dim: true))
        return screen
    }

    static func drawTooSmall(into screen: inout Screen) {
        let (w, h) = minimumSize
        let now = "(now \(screen.width)×\(screen.height))"
        let oneLine = "Terminal too small — enlarge to \(w)×\(h) \(now)"
        let lines =
            oneLine.count <= screen.width
            ? [oneLine] : ["Terminal too small", "enlarge to \(w)×\(h)", now]
        let top = (screen.height - lines.count) / 2
        for (index, line) in lines.enumerated() {
            screen.putCentred(y: top + index, line, style: Style(bold: index == 0))
        }
    }

    /// The surround, the lines and the net.
    static func drawCourt(into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        let left = p.column(-CourtProjection.halfFieldLength), right = p.column(CourtProjection.halfFieldLength)
        let top = p.row(-CourtProjection.halfFieldWidth), bottom = p.row(CourtProjection.halfFieldWidth)
        screen.fill(x: left, y: top, width: right - left + 1, height: bottom - top + 1, style: palette.ground)
        for cell in CourtLines.court(p, width: screen.width).cells() {
            screen.put(x: cell.column, y: cell.row, cell.glyph, style: palette.line)
        }
        let postOffset = Court.halfDoublesWidth + 0.914
        let netTop = p.row(-postOffset), netBottom = p.row(postOffset)
        for row in netTop...netBottom {
            let crossing = screen[p.netColumn, row].character == "─"
            let glyph: Character = row == netTop ? "╥" : row == netBottom ? "╨" : crossing ? "╫" : "║"
            screen.put(x: p.netColumn, y: row, glyph, style: palette.net)
        }
    }

    /// Tints the box the serve must land in, behind the lines, while a serve is due.
    /// In monochrome the box's empty cells are dotted instead.
    static func drawServiceBox(_ view: MatchView, into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        let box = view.serviceBox
        let left = p.column(box.x.lowerBound), right = p.column(box.x.upperBound)
        let top = p.row(box.y.lowerBound), bottom = p.row(box.y.upperBound)
        guard left <= right, top <= bottom else { return }
        for row in top...bottom {
            for column in left...right where screen.contains(x: column, y: row) {
                var cell = screen[column, row]
                if palette.mono {
                    if cell.character == " " { screen.put(x: column, y: row, "·", style: Style(dim: true)) }
                    continue
                }
                cell.style.bg = .cyan
                cell.style.bg256 = palette.serviceBox256
                if cell.character != " " { cell.style.fg = .black }
                screen.put(x: column, y: row, cell.character, style: cell.style)
            }
        }
    }

    /// Each player as their initial on a coloured block, with a racket on the side facing
    /// the net while swinging (it sweeps through ╱ ─ ╲ over the swing).
    static func drawPlayers(_ scene: CourtScene, into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        for index in 0...1 {
            let player = scene.view.players[index]
            let column = p.column(player.position.x), row = p.row(player.position.y)
            let initial = scene.names[index].first(where: { !$0.isWhitespace })?.uppercased().first ?? "P"
            screen.put(x: column, y: row, initial, style: palette.player(index, you: scene.you))
            if player.swing != nil {
                let facing = index == 0 ? 1 : -1
                let stage = min(2, Int(player.swingTicks) / 6)
                let sweep: [Character] = index == 0 ? ["╱", "─", "╲"] : ["╲", "─", "╱"]
                putKeepingBackground(&screen, x: column + facing, y: row, sweep[stage], palette.racket)
            }
        }
    }

    /// The ball's shadow on the ground, when the ball is in the air (under the players, so a
    /// server holding the toss stays visible).
    static func drawShadow(_ ball: BallView, into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        guard ball.visible, p.rows(height: ball.position.z) > 0 else { return }
        let column = p.column(ball.position.x), groundRow = p.row(ball.position.y)
        guard groundRow >= hudRows, groundRow <= screen.height - footerRows - 1 else { return }
        putKeepingBackground(&screen, x: column, y: groundRow, "·", palette.shadow)
    }

    /// The ball raised above its shadow by its height.
    static func drawBall(_ ball: BallView, into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        guard ball.visible else { return }
        let column = p.column(ball.position.x), groundRow = p.row(ball.position.y)
        let fieldTop = hudRows, fieldBottom = screen.height - footerRows - 1
        guard groundRow >= fieldTop, groundRow <= fieldBottom else { return }
        let lift = p.rows(height: ball.position.z)
        putKeepingBackground(&screen, x: column, y: max(fieldTop, groundRow - lift), "●", palette.ball)
    }

    /// A ✕ where the last point's deciding bounce landed (under the players and the ball).
    static func drawLandingMark(_ mark: Vec2, into screen: inout Screen, _ p: CourtProjection, _ palette: Palette) {
        let column = p.column(mark.x), row = p.row(mark.y)
        guard row >= hudRows, row <= screen.height - footerRows - 1 else { return }
        putKeepingBackground(&screen, x: column, y: row, "✕", palette.mark)
    }

    /// A ring where the ball in flight will bounce (under the players and the ball).
    static func drawBounceMark(_ mark: Vec2, ascii: Bool, into screen: inout Screen, _ p: CourtProjection) {
        let column = p.column(mark.x), row = p.row(mark.y)
        guard row >= hudRows, row <= screen.height - footerRows - 1, column >= 0, column < screen.width else { return }
        putKeepingBackground(&screen, x: column, y: row, ascii ? "o" : "◎", Style(fg: .yellow, bold: true))
    }

    /// Writes a glyph in `style`'s foreground over the background already in the cell.
    static func putKeepingBackground(_ screen: inout Screen, x: Int, y: Int, _ glyph: Character, _ style: Style) {
        var style = style
        style.bg = screen[x, y].style.bg
        style.bg256 = screen[x, y].style.bg256
        screen.put(x: x, y: y, glyph, style: style)
    }
}
