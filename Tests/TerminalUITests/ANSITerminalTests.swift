import Synchronization
import Testing
@testable import TerminalUI

/// The remote terminal over a recording outlet: keys in, frames out, resizes, the hang-up.
@MainActor @Suite struct ANSITerminalTests {
    final class Outlet: ANSIOutlet {
        let written = Mutex<[UInt8]>([])
        let writable = Atomic(true)
        func write(_ bytes: [UInt8]) { written.withLock { $0 += bytes } }
        var isWritable: Bool { writable.load(ordering: .relaxed) }
        var text: String { written.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func keysInFramesOutAndResizes() {
        let outlet = Outlet()
        let link = ANSILink(width: 30, height: 5, outlet: outlet)
        let terminal = ANSITerminal(link: link, colourMode: .colour16, charset: .unicode)
        link.receive(Array("\u{1B}[Aq".utf8))
        #expect(terminal.readKeys() == [KeyCode.up, Int32(UInt8(ascii: "q"))])
        var screen = Screen(width: 30, height: 5)
        screen.put(x: 0, y: 0, "menu")
        terminal.draw(screen)
        #expect(outlet.text.hasPrefix("\u{1B}[?1049h"), "the alternate screen first")
        #expect(outlet.text.contains("menu"))
        link.resize(width: 40, height: 10)
        #expect(terminal.readKeyEvents().map(\.key) == [KeyCode.resize])
        #expect(terminal.size == (40, 10) as (Int, Int))
    }

    @Test func aBackedUpStreamSkipsFramesAndCatchesUpLater() {
        let outlet = Outlet()
        let link = ANSILink(width: 10, height: 1, outlet: outlet)
        let terminal = ANSITerminal(link: link, colourMode: .mono, charset: .unicode)
        var screen = Screen(width: 10, height: 1)
        terminal.draw(screen)
        outlet.writable.store(false, ordering: .relaxed)
        screen.put(x: 0, y: 0, "a")
        terminal.draw(screen)
        #expect(!outlet.text.contains("a"))
        outlet.writable.store(true, ordering: .relaxed)
        screen.put(x: 1, y: 0, "b")
        terminal.draw(screen)
        #expect(outlet.text.contains("ab"), "the skipped change goes out with the next frame")
    }

    @Test func inputBeyondTheBoundIsDropped() {
        let link = ANSILink(width: 10, height: 1, outlet: Outlet())
        link.receive(Array(repeating: UInt8(ascii: "x"), count: ANSILink.maxPendingInput + 100))
        let terminal = ANSITerminal(link: link, colourMode: .mono, charset: .unicode)
        #expect(terminal.readKeys().count == ANSILink.maxPendingInput)
    }

    @Test func theHangUpWakesAWaitingScreenAndSilencesIt() async {
        let outlet = Outlet()
        let link = ANSILink(width: 10, height: 1, outlet: outlet)
        let terminal = ANSITerminal(link: link, colourMode: .mono, charset: .unicode)
        async let waited: Void = terminal.waitForInput(upTo: .seconds(600))
        link.hangUp(farewell: Array("bye".utf8))
        await waited
        #expect(terminal.hungUp)
        terminal.draw(Screen(width: 10, height: 1))
        #expect(outlet.text == "bye", "nothing is written after the goodbye")
    }
}
