import TennisRecords

/// The lobby: a server's live matches, refreshed while it is open; Enter joins a free seat or
/// watches. Pure: the menu fills it, `LobbyRenderer` draws it.
public struct LobbyScene: Equatable, Sendable {
    public var server: String
    public var rows: [MatchSummary]
    public var selected: Int
    /// "updated 2 s ago", an error, or a note after a refused join.
    public var status: String

    public init(server: String, rows: [MatchSummary], selected: Int, status: String) {
        self.server = server
        self.rows = rows
        self.selected = rows.isEmpty ? 0 : max(0, min(rows.count - 1, selected))
        self.status = status
    }
}

extension MatchSummary {
    /// A seat is free: Enter joins as a player.
    public var hasFreeSeat: Bool { players.count < 2 && state == "waiting" }
    /// What Enter does on this row of the lobby.
    public var enterAction: String { hasFreeSeat ? "join" : state == "finished" ? "replay" : "watch" }
}

public enum LobbyRenderer {
    /// Columns: code, players, format · surface, score, watching, and what Enter does.
    public static func render(_ scene: LobbyScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let title = "Live matches on \(scene.server)"
        screen.putCentred(y: 1, String(title.prefix(width - 2)), style: Style(bold: true))
        screen.putCentred(y: 2, String(repeating: "─", count: min(width - 2, title.count)), style: Style(fg: .yellow))
        let wide = width >= 100
        func line(_ code: String, _ players: String, _ kind: String, _ score: String, _ watching: String,
                  _ enter: String) -> String {
            let playersWidth = wide ? 34 : 26
            let kindWidth = wide ? 22 : 14
            return pad(code, 8) + pad(players, playersWidth) + pad(kind, kindWidth) + pad(score, wide ? 18 : 12)
                + pad(watching, 6) + enter
        }
        let header = line("CODE", "PLAYERS", "FORMAT", "SCORE", "WATCH", "ENTER")
        let left = max(0, (width - header.count) / 2)
        screen.put(x: left, y: 4, String(header.prefix(width - left)), style: Style(dim: true))
        if scene.rows.isEmpty {
            screen.putCentred(y: 6, "No live matches yet. Host one from the menu, or with: tennis host")
        }
        let visible = max(1, height - 9)
        let first = max(0, min(scene.selected - visible / 2, scene.rows.count - visible))
        for (offset, row) in scene.rows.dropFirst(first).prefix(visible).enumerated() {
            let index = first + offset
            let players = row.players.isEmpty ? "(nobody yet)"
                : row.players.joined(separator: " vs ") + (row.players.count < 2 ? " vs …" : "")
            let kind = wide ? "\(row.format) · \(row.surface)" : row.format
            let text = line(row.code, players, kind, row.state == "waiting" ? "waiting" : row.score, "\(row.spectators)",
                            row.enterAction)
            let selected = index == scene.selected
            screen.put(x: max(0, left - 2), y: 5 + offset, (selected ? "▶ " : "  ") + String(text.prefix(width - left)),
                       style: selected ? Style(bold: true, reverse: true) : Style())
        }
        screen.putCentred(y: height - 3, String(scene.status.prefix(width - 2)), style: Style(dim: true))
        screen.putCentred(y: height - 1, "↑↓ choose   Enter join/watch   W watch   R refresh   Esc back",
                          style: Style(dim: true))
        return screen
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let cut = String(text.prefix(width - 1))
        return cut + String(repeating: " ", count: max(1, width - cut.count))
    }
}
