/// What the user chose for every terminal screen: colours, ASCII, the bell.
public struct TerminalPreferences: Sendable, Equatable {
    public var colour: ColourMode.Preference
    /// Draw with ASCII even when the locale is UTF-8.
    public var ascii: Bool
    /// Ring the terminal bell when a point is decided.
    public var bell: Bool

    public init(colour: ColourMode.Preference = .auto, ascii: Bool = false, bell: Bool = false) {
        self.colour = colour
        self.ascii = ascii
        self.bell = bell
    }
}
