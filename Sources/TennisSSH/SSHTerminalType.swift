import TerminalUI

/// The colours to draw in for a PTY's `TERM` (the only thing an ssh client says about its
/// terminal; environment requests are refused): 256 for `*256color*`, none for `dumb`,
/// `vt100`/`vt102`/`vt220` and `*-mono`/`*-m`, else 16.
enum SSHTerminalType {
    static func colourMode(term: String) -> ColourMode {
        let term = term.lowercased()
        if term.contains("256col") || term.contains("truecolor") || term.contains("direct") { return .colour256 }
        if term.isEmpty || term == "dumb" || term.hasPrefix("vt1") || term.hasPrefix("vt2") || term.hasSuffix("-mono")
            || term.hasSuffix("-m") { return .mono }
        return .colour16
    }
}
