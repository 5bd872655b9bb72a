import Testing
@testable import TerminalUI

@Suite struct ANSIKeyDecoderTests {
    private func keys(_ bytes: [UInt8]) -> [Int32] {
        var decoder = ANSIKeyDecoder()
        return decoder.feed(bytes).map(\.key)
    }

    @Test func arrowsInBothFormsAreCursesKeys() {
        #expect(keys(Array("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D".utf8)) == [KeyCode.up, KeyCode.down, KeyCode.right, KeyCode.left])
        #expect(keys(Array("\u{1B}OA\u{1B}OD".utf8)) == [KeyCode.up, KeyCode.left])
    }

    @Test func controlKeysAndTextPassAsTheirCodes() {
        #expect(keys([3, 13, 127, 32]) == [KeyCode.ctrlC, KeyCode.carriageReturn, KeyCode.delete, KeyCode.space])
        #expect(keys(Array("qé".utf8)) == [Int32(UInt8(ascii: "q")), 0xE9])
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var decoder = ANSIKeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.feed(Array("[".utf8)).isEmpty)
        #expect(decoder.feed(Array("A".utf8)).map(\.key) == [KeyCode.up])
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.feed(Array("OB".utf8)).map(\.key) == [KeyCode.down])
        #expect(decoder.feed([0xC3]).isEmpty)
        #expect(decoder.feed([0xA9]).map(\.key) == [0xE9])
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnceInputPauses() {
        var decoder = ANSIKeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.flush().map(\.key) == [KeyCode.escape])
        #expect(decoder.flush().isEmpty)
    }

    @Test func garbageIsDroppedNotKept() {
        var decoder = ANSIKeyDecoder()
        // Invalid UTF-8 and an endless CSI are dropped; keys after them still decode.
        _ = decoder.feed([0xFF, 0x80, 0xC3, 0x41])
        _ = decoder.feed([0x1B, UInt8(ascii: "[")] + Array(repeating: UInt8(ascii: "1"), count: 100))
        #expect(decoder.feed(Array("~x".utf8)).map(\.key).last == Int32(UInt8(ascii: "x")))
    }
}
