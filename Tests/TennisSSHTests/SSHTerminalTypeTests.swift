import Testing
@testable import TennisSSH

@Suite struct SSHTerminalTypeTests {
    @Test func coloursFollowTERM() {
        #expect(SSHTerminalType.colourMode(term: "xterm-256color") == .colour256)
        #expect(SSHTerminalType.colourMode(term: "tmux-256color") == .colour256)
        #expect(SSHTerminalType.colourMode(term: "xterm") == .colour16)
        #expect(SSHTerminalType.colourMode(term: "linux") == .colour16)
        #expect(SSHTerminalType.colourMode(term: "vt100") == .mono)
        #expect(SSHTerminalType.colourMode(term: "xterm-mono") == .mono)
        #expect(SSHTerminalType.colourMode(term: "") == .mono)
    }

    @Test func plainTerminalsGetASCII() {
        #expect(SSHTerminalType.charset(term: "xterm-256color") == .unicode)
        #expect(SSHTerminalType.charset(term: "screen") == .unicode)
        #expect(SSHTerminalType.charset(term: "vt220") == .ascii)
        #expect(SSHTerminalType.charset(term: "dumb") == .ascii)
    }
}
