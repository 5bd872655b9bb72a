import TerminalUI

/// How to draw for a PTY's `TERM` (the only thing an ssh client says about its terminal;
/// environment requests, and so `LANG`, are refused).
enum SSHTerminalType {
    /// 256 colours for `*256color*` (and direct/truecolor), none for `dumb`, the DEC VTs and
    /// `*-mono`/`*-m`, else 16.
    static func colourMode(term: String) -> ColourMode {
        let term = term.lowercased()
        if term.contains("256col") || term.contains("truecolor") || term.contains("direct") { return .colour256 }
        if isPlain(term) || term.hasSuffix("-mono") || term.hasSuffix("-m") { return .mono }
        return .colour16
    }

    /// ASCII for `dumb` and the DEC VTs (no UTF-8 line drawing), Unicode for every other
    /// terminal: all that report an xterm, screen, tmux, linux or similar `TERM` draw it.
    static func charset(term: String) -> Charset {
        isPlain(term.lowercased()) ? .ascii : .unicode
    }

    private static func isPlain(_ term: String) -> Bool {
        term.isEmpty || term == "dumb" || term.hasPrefix("vt1") || term.hasPrefix("vt2")
    }
}
