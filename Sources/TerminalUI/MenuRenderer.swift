/// A title screen with a vertical menu.
public struct MenuScene: Equatable, Sendable {
    /// Big text at the top (e.g. `TitleArt.default`).
    public var titleArt: [String]
    public var items: [String]
    /// The highlighted item's index.
    public var selected: Int
    /// A line at the bottom of the screen (e.g. key hints or a version).
    public var footer: String?

    public init(titleArt: [String] = TitleArt.default, items: [String], selected: Int, footer: String? = nil) {
        self.titleArt = titleArt
        self.items = items
        self.selected = selected
        self.footer = footer
    }
}

/// A full-screen text panel: waiting for an opponent, an error, the match summary.
public struct MessageScene: Equatable, Sendable {
    public var title: String
    /// Body lines, shown left-aligned as a block so commands can be copied whole.
    public var lines: [String]
    public var footer: String?

    public init(title: String, lines: [String], footer: String? = nil) {
        self.title = title
        self.lines = lines
        self.footer = footer
    }

    /// A one-line text field under `label` (a match code, a server, a name) with its cursor.
    public static func prompt(title: String, label: String, text: String) -> MessageScene {
        MessageScene(title: title, lines: [label, "", "> " + text + "▏"],
                     footer: "Enter accept   Esc cancel   Backspace delete")
    }
}

/// Draws menus and message panels into a `Screen`. Pure, like `CourtRenderer`.
public enum MenuRenderer {
    /// The title art centred near the top, the items below it (the selected one reversed,
    /// with a ▶ marker), the footer on the last row.
    public static func render(menu: MenuScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let spacing = height >= menu.titleArt.count + 3 + menu.items.count * 2 + 2 ? 2 : 1
        let block = menu.titleArt.count + 2 + max(0, menu.items.count * spacing - (spacing - 1))
        var row = max(0, (height - 1 - block) / 2)
        let artWidth = menu.titleArt.map(\.count).max() ?? 0
        for line in menu.titleArt {
            screen.put(x: (width - artWidth) / 2, y: row, line, style: Style(fg: .yellow, bold: true))
            row += 1
        }
        row += 2
        let itemWidth = (menu.items.map(\.count).max() ?? 0) + 4
        let left = (width - itemWidth) / 2
        for (index, item) in menu.items.enumerated() {
            let isSelected = index == menu.selected
            let text = (isSelected ? "▶ " : "  ") + item
            let padded = text + String(repeating: " ", count: itemWidth - text.count)
            screen.put(x: left, y: row, padded, style: Style(bold: isSelected, reverse: isSelected))
            row += spacing
        }
        if let footer = menu.footer { screen.putCentred(y: height - 1, footer, style: Style(dim: true)) }
        return screen
    }

    /// The title (bold, underlined by a rule) above the body lines, all centred as a block;
    /// the footer on the last row.
    public static func render(message: MessageScene, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        // A line wider than the screen (a server's reason, say) is wrapped at spaces, not cut.
        let lines = message.lines.flatMap { wrap($0, width: max(20, width - 4)) }
        let block = 3 + lines.count
        var row = max(0, (height - 1 - block) / 2)
        screen.putCentred(y: row, message.title, style: Style(bold: true))
        screen.putCentred(
            y: row + 1, String(repeating: "─", count: message.title.count), style: Style(fg: .yellow))
        row += 3
        let bodyWidth = lines.map(\.count).max() ?? 0
        let left = max(0, (width - bodyWidth) / 2)
        for line in lines {
            screen.put(x: left, y: row, line)
            row += 1
        }
        if let footer = message.footer { screen.putCentred(y: height - 1, footer, style: Style(dim: true)) }
        return screen
    }

    /// `line` in pieces of at most `width` characters, broken at spaces where it can be.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        var pieces: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while word.count > width {
                if !current.isEmpty { pieces.append(current); current = "" }
                pieces.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                pieces.append(current)
                current = word
            }
        }
        pieces.append(current)
        return pieces
    }
}
