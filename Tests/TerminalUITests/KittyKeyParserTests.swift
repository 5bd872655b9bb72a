import Testing

@testable import TerminalUI

@Suite struct KittyKeyParserTests {
    func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func pressRepeatAndReleaseOfLettersAndArrows() {
        var parser = KittyKeyParser()
        let events = parser.feed(scalars("\u{1B}[97u\u{1B}[97;1:2u\u{1B}[97;1:3u\u{1B}[1;1:1D\u{1B}[1;1:3D"))
        #expect(events == [
            KeyEvent(key: 97), KeyEvent(key: 97, kind: .repeat), KeyEvent(key: 97, kind: .release),
            KeyEvent(key: KeyCode.left), KeyEvent(key: KeyCode.left, kind: .release),
        ])
    }

    @Test func sequencesSplitAcrossReadsAreJoined() {
        var parser = KittyKeyParser()
        #expect(parser.feed(scalars("\u{1B}[3")).isEmpty)
        #expect(parser.feed(scalars("2;1:3")).isEmpty)
        #expect(parser.feed(scalars("u")) == [KeyEvent(key: KeyCode.space, kind: .release)])
    }

    @Test func specialKeysCtrlCAndPlainText() {
        var parser = KittyKeyParser()
        let events = parser.feed(scalars("\u{1B}[13u\u{1B}[27u\u{1B}[5~\u{1B}[99;5ux\u{1B}[57419u"))
        #expect(events == [
            KeyEvent(key: KeyCode.lineFeed), KeyEvent(key: KeyCode.escape), KeyEvent(key: KeyCode.pageUp),
            KeyEvent(key: KeyCode.ctrlC), KeyEvent(key: 120), KeyEvent(key: KeyCode.up),
        ])
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnceNothingFollows() {
        var parser = KittyKeyParser()
        #expect(parser.feed(scalars("\u{1B}")).isEmpty)
        #expect(parser.flush() == [KeyEvent(key: KeyCode.escape)])
    }

    @Test func garbageIsDroppedWithoutTrapping() {
        var parser = KittyKeyParser()
        _ = parser.feed(scalars("\u{1B}[" + String(repeating: "9", count: 100)))
        #expect(parser.feed(scalars("q")).last == KeyEvent(key: 113))
        _ = parser.feed(scalars("\u{1B}[;;;:::u\u{1B}[99999999999999999999u\u{1B}[1;1:9A"))
    }

    @Test func supportIsReadFromTheQueryReply() {
        #expect(KittyKeyParser.support(inReply: scalars("\u{1B}[?0u\u{1B}[?62;22c")) == true)
        #expect(KittyKeyParser.support(inReply: scalars("\u{1B}[?1;2c")) == false)
        #expect(KittyKeyParser.support(inReply: scalars("\u{1B}[?1;")) == nil)
    }
}

@Suite struct HeldDirectionReleaseTests {
    @Test func withReleasesAKeyIsHeldExactlyUntilItComesUp() {
        var held = HeldDirection()
        held.keyDown(dx: -1, dy: 0, at: 0)
        #expect(held.direction(at: 0.01) == (-1, 0))
        held.keyUp(dx: -1, dy: 0)
        #expect(held.exact)
        #expect(held.direction(at: 0.02) == (0, 0), "stops at once on release, no hold")
        held.keyDown(dx: 1, dy: 0, at: 1)
        held.keyDown(dx: 0, dy: 1, at: 1.1)
        #expect(held.direction(at: 5) == (1, 1), "held for as long as the keys are down: a real diagonal")
        held.keyUp(dx: 1, dy: 0)
        #expect(held.direction(at: 5) == (0, 1))
    }
}
