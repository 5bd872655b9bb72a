/// How many colours the terminal shows: the xterm 256-colour palette, the 16 (8 + bright)
/// ANSI colours, or none (monochrome: bold, dim and reverse only).
public enum ColourMode: String, Sendable, CaseIterable {
    case colour256 = "256"
    case colour16 = "16"
    case mono

    /// What the user asked for: `auto` detects from the terminal and `NO_COLOR`.
    public enum Preference: String, Sendable, CaseIterable {
        case auto
        case colour256 = "256"
        case colour16 = "16"
        case mono
    }

    /// The mode to draw in. An explicit preference wins; `auto` is monochrome when `NO_COLOR`
    /// is set to anything non-empty (https://no-color.org) or the terminal has no colours,
    /// 256 colours when curses reports at least 256, else 16.
    /// The terminal's colour count caps an explicit choice (asking for 256 on an 8-colour
    /// terminal gets 16), since curses cannot show colours it does not have.
    public static func detect(preference: Preference, noColour: String?, hasColours: Bool, colourCount: Int)
        -> ColourMode
    {
        let capable: ColourMode = !hasColours || colourCount < 8 ? .mono : colourCount >= 256 ? .colour256 : .colour16
        switch preference {
        case .mono: return .mono
        case .colour16: return capable == .mono ? .mono : .colour16
        case .colour256: return capable
        case .auto:
            if let noColour, !noColour.isEmpty { return .mono }
            return capable
        }
    }
}

extension Style {
    /// The style as it can be shown in `mode`: 256-colour indices only in `.colour256`,
    /// no colours at all (attributes kept) in `.mono`.
    public func adapted(to mode: ColourMode) -> Style {
        var style = self
        switch mode {
        case .colour256: break
        case .colour16:
            style.fg256 = nil
            style.bg256 = nil
        case .mono:
            style = Style(bold: bold, dim: dim, reverse: reverse)
        }
        return style
    }
}

extension Screen {
    /// Every cell's style adapted to `mode`, as the terminal draws it.
    public func adapted(to mode: ColourMode) -> Screen {
        guard mode != .colour256 else { return self }
        var copy = self
        for y in 0..<height {
            for x in 0..<width { copy[x, y] = Cell(self[x, y].character, style: self[x, y].style.adapted(to: mode)) }
        }
        return copy
    }
}

extension TermColor {
    /// The basic colour nearest (in RGB) to xterm palette colour `index`: how a 256-colour
    /// surface degrades on a 16-colour terminal. Bright colours fold onto their basic one.
    public static func nearest(toXterm index: UInt8) -> TermColor {
        let target = xtermRGB(index)
        var best = TermColor.white, bestDistance = Int.max
        for candidate in 0..<16 {
            let rgb = xtermRGB(UInt8(candidate))
            let distance = (0..<3).reduce(0) { $0 + (rgb[$1] - target[$1]) * (rgb[$1] - target[$1]) }
            if distance < bestDistance {
                bestDistance = distance
                best = TermColor(rawValue: UInt8(candidate % 8)) ?? .white
            }
        }
        return best
    }

    /// The RGB of an xterm palette entry (the standard 16, the 6×6×6 cube, the grey ramp).
    static func xtermRGB(_ index: UInt8) -> [Int] {
        let basic: [[Int]] = [
            [0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205],
            [229, 229, 229], [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255],
            [255, 0, 255], [0, 255, 255], [255, 255, 255],
        ]
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i < 232 {
            let levels = [0, 95, 135, 175, 215, 255]
            let n = i - 16
            return [levels[n / 36], levels[n / 6 % 6], levels[n % 6]]
        }
        let grey = 8 + (i - 232) * 10
        return [grey, grey, grey]
    }
}
