import Testing

@testable import TennisProtocol

/// Which closes a client should not retry: refusals, a host who left, a match that was closed;
/// a server that is only restarting, or a link that just dropped, is worth another try.
@Suite struct CloseReasonTests {
    @Test func finalClosesAreNotRetried() {
        let shutdown = WireProtocol.CloseCode.serverShutdown
        #expect(WireProtocol.CloseReason.isFinal(code: shutdown, reason: WireProtocol.CloseReason.hostLeft))
        #expect(WireProtocol.CloseReason.isFinal(code: shutdown, reason: WireProtocol.CloseReason.matchClosed))
        #expect(!WireProtocol.CloseReason.isFinal(code: shutdown, reason: WireProtocol.CloseReason.shutdown))
        #expect(WireProtocol.CloseReason.isFinal(code: WireProtocol.CloseCode.notFound, reason: nil))
        #expect(WireProtocol.CloseReason.isFinal(code: 1000, reason: nil))
        #expect(!WireProtocol.CloseReason.isFinal(code: nil, reason: nil), "a dropped link")
        #expect(!WireProtocol.CloseReason.isFinal(code: 1006, reason: nil))
    }
}
