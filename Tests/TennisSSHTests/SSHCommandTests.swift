import Testing
@testable import TennisSSH

@Suite struct SSHCommandTests {
    @Test func watchAndJoinTakeACode() {
        #expect(SSHCommand(exec: "watch abc123") == .watch(code: "ABC123"))
        #expect(SSHCommand(exec: "join  XYZ") == .join(code: "XYZ"))
    }

    @Test func anythingElseIsRefused() {
        for command in ["sh", "watch", "watch a b", "join ../etc", "rm -rf /", "watch \u{1B}[2J", "scp -t .",
                        "watch " + String(repeating: "A", count: 17), String(repeating: "x", count: 100)] {
            #expect(SSHCommand(exec: command) == nil, "\(command)")
        }
    }
}
