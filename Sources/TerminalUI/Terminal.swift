import CNcurses

/// Why the terminal could not be started.
public struct TerminalError: Error, CustomStringConvertible {
    private enum Reason { case notATerminal, cannotStart(term: String) }
    private let reason: Reason

    public var description: String {
        switch reason {
        case .notATerminal: "standard input and output must be a terminal"
        case .cannotStart(let term): "cannot start curses on this terminal (TERM=\(term))"
        }
    }

    static let notATerminal = TerminalError(reason: .notATerminal)
    static func cannotStart(term: String) -> TerminalError { TerminalError(reason: .cannotStart(term: term)) }
}

/// The thin curses layer: puts a `Screen` on the terminal (writing only what changed since
/// the last frame) and reads keys without blocking. The only file that touches curses.
///
/// Raw mode: Ctrl-C arrives as key 3 (see `KeyMap`), not as SIGINT. The terminal is restored
/// by `shutdown()`, at `exit()`, and on SIGTERM/SIGHUP/SIGINT/SIGQUIT unless the program
/// installed its own handlers for those first (then it must call `shutdown()` itself).
@MainActor
public final class Terminal: TerminalDevice {
    /// How every terminal started from now on draws: colours, ASCII, bell. Set once from the
    /// command line (`--colour`, `--ascii`, `--bell`) before the first `Terminal()`.
    public static var preferences = TerminalPreferences()

    /// The colours this terminal draws with (detected from curses, `NO_COLOR` and the preference).
    public private(set) var colourMode = ColourMode.mono
    /// Unicode glyphs, or their ASCII stand-ins when the locale is not UTF-8 (or ASCII was asked for).
    public let charset: Charset
    /// True when points should ring the terminal bell.
    public let bellOnPoints: Bool

    private var previous: Screen?
    private var pairs: [PairKey: Int16] = [:]
    private var colours = false
    private var defaultColours = false
    private var isShutDown = false
    private var kitty: KittyKeyParser?

    /// True once the terminal has gone away (window closed, session killed): time to quit.
    public var hungUp: Bool { cnc_terminal_hung_up() != 0 }

    /// True when the terminal reports key releases (the kitty keyboard protocol is on).
    public var reportsReleases: Bool { kitty != nil }

    private struct PairKey: Hashable {
        let fg: Int16
        let bg: Int16
    }

    /// Starts curses on the controlling terminal: UTF-8 locale, raw keys without echo,
    /// non-blocking reads, hidden cursor, colours when the terminal has them.
    public init() throws {
        guard cnc_is_terminal() != 0 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let preferences = Self.preferences
        charset = Charset.detect(codeset: cnc_codeset().map { String(cString: $0) }, forceASCII: preferences.ascii)
        bellOnPoints = preferences.bell
        // Before newterm: curses only installs its own SIGINT/SIGTERM handlers (which exit(1))
        // where none is set, and ours end the process by the signal itself after endwin.
        cnc_install_restore_handlers()
        guard cnc_newterm() != nil else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "unset"
            throw TerminalError.cannotStart(term: term)
        }
        raw()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        nodelay(cnc_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let noColour = getenv("NO_COLOR").map { String(cString: $0) }
        colourMode = ColourMode.detect(preference: preferences.colour, noColour: noColour, hasColours: has_colors(),
                                       colourCount: has_colors() ? Int(cnc_colors()) : 0)
        if colourMode != .mono {
            start_color()
            colours = true
            defaultColours = use_default_colors() == OK
        }
        if getenv("TENNIS_KITTY_KEYS").map({ String(cString: $0) }) != "0" { enableKittyKeys() }
    }

    /// Asks the terminal whether it speaks the kitty keyboard protocol and, if it does, turns
    /// on press/repeat/release reports. Terminals that don't (tmux, xterm, the Linux console)
    /// only answer the device-attributes query, and keys stay as curses reads them.
    private func enableKittyKeys() {
        writeRaw(KittyKeyParser.query)
        keypad(cnc_stdscr(), false)
        var reply: [UInt32] = []
        var character: wint_t = 0
        var answer: Bool?
        for _ in 0..<30 where answer == nil {
            wtimeout(cnc_stdscr(), 10)
            while wget_wch(cnc_stdscr(), &character) != ERR { reply.append(UInt32(character)) }
            answer = KittyKeyParser.support(inReply: reply)
        }
        nodelay(cnc_stdscr(), true)
        if answer == true {
            writeRaw(KittyKeyParser.enable)
            kitty = KittyKeyParser()
        } else {
            keypad(cnc_stdscr(), true)
        }
    }

    private func writeRaw(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDOUT_FILENO, &bytes, bytes.count)
    }

    /// Every key event since the last call. With the kitty protocol these include repeats and
    /// releases; otherwise each key read is a press.
    public func readKeyEvents() -> [KeyEvent] {
        guard var parser = kitty else { return readKeys().map { KeyEvent(key: $0) } }
        guard !isShutDown else { return [] }
        var raw: [UInt32] = []
        var character: wint_t = 0
        var resized = false
        while raw.count < 2048 {
            let result = wget_wch(cnc_stdscr(), &character)
            if result == ERR { break }
            if result == cnc_key_code_yes() {
                if Int32(character) == KeyCode.resize { resized = true }
                continue
            }
            raw.append(UInt32(character))
        }
        var events = parser.feed(raw)
        if raw.isEmpty { events += parser.flush() }
        kitty = parser
        if resized {
            previous = nil
            events.append(KeyEvent(key: KeyCode.resize))
        }
        return events
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(cnc_width()), Int(cnc_height()))
    }

    /// Shows `screen`, writing only the cells that differ from the last frame drawn
    /// (everything after a resize or the first time).
    public func draw(_ frame: Screen) {
        guard !isShutDown else { return }
        var screen = frame.adapted(to: colourMode)
        if charset == .ascii { screen = screen.ascii }
        let runs: [ScreenRun]
        if let previous, previous.width == screen.width, previous.height == screen.height {
            runs = screen.diff(from: previous)
        } else {
            erase()
            runs = screen.allRuns
        }
        for run in runs {
            cnc_set_style(pair(for: run.style), run.style.bold ? 1 : 0, run.style.dim ? 1 : 0, run.style.reverse ? 1 : 0)
            var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            mvaddwstr(Int32(run.y), Int32(run.x), wide)
        }
        cnc_set_style(0, 0, 0, 0)
        refresh()
        previous = screen
    }

    /// Curses is polled: this sleeps for `limit` or 30 ms, whichever is shorter (keys typed
    /// meanwhile wait in curses' queue).
    public func waitForInput(upTo limit: Duration) async {
        try? await Task.sleep(for: min(limit, .milliseconds(30)))
    }

    /// Every key pressed since the last call, oldest first, without waiting. Function keys
    /// are curses `KEY_*` codes (see `KeyCode`), other keys their Unicode scalar values.
    /// A resize (`KeyCode.resize`) is passed on and forces a full redraw on the next `draw`.
    public func readKeys() -> [Int32] {
        guard !isShutDown else { return [] }
        var keys: [Int32] = []
        var character: wint_t = 0
        while keys.count < 512 {
            let result = wget_wch(cnc_stdscr(), &character)
            if result == ERR { break }
            var key = Int32(bitPattern: UInt32(character))
            if result == cnc_key_code_yes() {
                if key == KeyCode.resize { previous = nil }
            } else if let scalar = Unicode.Scalar(UInt32(character)) {
                key = KeyCode.char(scalar)  // a letter in U+0100–U+01FF is not a function key
            }
            keys.append(key)
        }
        return keys
    }

    /// Forgets the last frame so the next `draw` repaints every cell (e.g. after the screen
    /// was disturbed by another program's output).
    public func invalidate() {
        previous = nil
        clearok(cnc_stdscr(), true)
    }

    /// Rings the terminal bell (or flashes, as the terminal is set up to do).
    public func bell() {
        guard !isShutDown else { return }
        beep()
    }

    /// Ends curses and restores the terminal. Safe to call more than once.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        if kitty != nil { writeRaw(KittyKeyParser.disable) }
        curs_set(1)
        endwin()
    }

    /// The colour pair for a style's colours, allocated on first use (pair 0 when the
    /// terminal has no colours or runs out of pairs).
    private func pair(for style: Style) -> Int16 {
        guard colours else { return 0 }
        if style.fg == .default && style.bg == .default && style.fg256 == nil && style.bg256 == nil { return 0 }
        let key = PairKey(fg: curses(style.fg, style.fg256, foreground: true),
                          bg: curses(style.bg, style.bg256, foreground: false))
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < Int(cnc_color_pairs()), next <= Int(Int16.max) else { return 0 }
        init_pair(Int16(next), key.fg, key.bg)
        pairs[key] = Int16(next)
        return Int16(next)
    }

    /// The curses colour number: the 256-colour index on a 256-colour terminal, else the basic colour.
    private func curses(_ colour: TermColor, _ rich: UInt8?, foreground: Bool) -> Int16 {
        if colourMode == .colour256, let rich { return Int16(rich) }
        switch colour {
        case .default: return defaultColours ? -1 : (foreground ? Int16(COLOR_WHITE) : Int16(COLOR_BLACK))
        default: return Int16(colour.rawValue)
        }
    }
}
