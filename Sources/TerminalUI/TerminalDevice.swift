/// Where the client's screens draw and read keys: the local terminal through curses
/// (`Terminal`) or a remote one over a byte stream (`ANSITerminal`, e.g. an ssh session).
///
/// Screens are written against this, so the same menu and match screens run on both.
@MainActor
public protocol TerminalDevice: AnyObject {
    /// The size in cells.
    var size: (width: Int, height: Int) { get }
    /// The colours frames are drawn with.
    var colourMode: ColourMode { get }
    /// Unicode glyphs or their ASCII stand-ins.
    var charset: Charset { get }
    /// True when points should ring the bell.
    var bellOnPoints: Bool { get }
    /// True when key releases are reported (the kitty keyboard protocol).
    var reportsReleases: Bool { get }
    /// True once the terminal has gone away: time to quit.
    var hungUp: Bool { get }

    /// Every key event since the last call (a resize is `KeyCode.resize`).
    func readKeyEvents() -> [KeyEvent]
    /// Every key pressed since the last call, oldest first (what menus read).
    func readKeys() -> [Int32]
    /// Shows a frame, writing only what changed since the last one.
    func draw(_ frame: Screen)
    /// Forgets the last frame so the next `draw` repaints everything.
    func invalidate()
    /// Rings the bell.
    func bell()
    /// Waits until input may have arrived, for at most `limit`: how screens that only change
    /// on a key (menus, prompts) wait. A polled terminal returns sooner; a pushed one returns
    /// on input, a resize or the hang-up.
    func waitForInput(upTo limit: Duration) async
}
