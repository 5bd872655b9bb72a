import Testing

@testable import TerminalUI

@Suite struct HeldDirectionTests {
    /// A key held from `start`: one press, the auto-repeat delay, then a press every `rate`.
    func holdKey(
        _ held: inout HeldDirection, dx: Int8 = 0, dy: Int8 = 0, from start: Double, until end: Double,
        delay: Double = 0.5, rate: Double = 0.033
    ) {
        held.press(dx: dx, dy: dy, at: start)
        var t = start + delay
        while t <= end {
            held.press(dx: dx, dy: dy, at: t)
            t += rate
        }
    }

    @Test func aPressMovesAtOnce() {
        var held = HeldDirection()
        #expect(held.direction(at: 0) == (0, 0))
        held.press(dx: -1, dy: 0, at: 1.0)
        #expect(held.direction(at: 1.0) == (-1, 0))
    }

    @Test func aTapHoldsUntilTheFirstRepeatWouldHaveCome() {
        var held = HeldDirection()
        held.press(dx: 1, dy: 0, at: 0)
        #expect(held.direction(at: 0.49) == (1, 0))
        #expect(held.direction(at: 0.57) == (1, 0))
        #expect(held.direction(at: 0.59) == (0, 0))
    }

    @Test func aHeldKeyMovesWithoutGapsAndStopsSoonAfterRelease() {
        var held = HeldDirection()
        holdKey(&held, dy: 1, from: 0, until: 2.0)
        for step in 0...200 {
            let t = Double(step) * 0.01
            #expect(held.direction(at: t) == (0, 1), "gap at \(t)")
        }
        #expect(held.direction(at: 2.1) == (0, 1))
        #expect(held.direction(at: 2.2) == (0, 0))
    }

    @Test func unevenRepeatsAreBridged() {
        var held = HeldDirection()
        held.press(dx: -1, dy: 0, at: 0)
        for t in [0.5, 0.53, 0.62, 0.65, 0.76, 0.79] { held.press(dx: -1, dy: 0, at: t) }
        for step in 0...85 { #expect(held.direction(at: Double(step) * 0.01).dx == -1) }
    }

    @Test func theOppositeDirectionTakesOverImmediately() {
        var held = HeldDirection()
        holdKey(&held, dx: -1, from: 0, until: 1.0)
        held.press(dx: 1, dy: 0, at: 1.01)
        #expect(held.direction(at: 1.01) == (1, 0))
        #expect(held.direction(at: 1.4) == (1, 0))
    }

    @Test func aStopReleasesBothAxes() {
        var held = HeldDirection()
        held.press(dx: 1, dy: -1, at: 0)
        #expect(held.direction(at: 0.1) == (1, -1))
        held.press(dx: 0, dy: 0, at: 0.2)
        #expect(held.direction(at: 0.2) == (0, 0))
    }

    @Test func axesAreIndependentSoDiagonalsWork() {
        var held = HeldDirection()
        held.press(dx: -1, dy: 0, at: 0)
        held.press(dx: 0, dy: 1, at: 0.1)
        #expect(held.direction(at: 0.2) == (-1, 1))
        // Only the last key repeats: the horizontal hold runs out, the vertical one goes on.
        holdKey(&held, dy: 1, from: 0.1, until: 1.5)
        #expect(held.direction(at: 1.0) == (0, 1))
    }

    @Test func theRepeatDelayIsLearned() {
        var held = HeldDirection()
        #expect(held.repeatDelay == 0.5)
        for round in 0..<6 {
            let start = Double(round) * 3
            holdKey(&held, dx: 1, from: start, until: start + 1, delay: 0.25)
            held.press(dx: 0, dy: 0, at: start + 1.5)
        }
        #expect(abs(held.repeatDelay - 0.25) < 0.02)
        // A tap now holds only about the learned delay plus the margin.
        held.press(dx: -1, dy: 0, at: 100)
        #expect(held.direction(at: 100.3) == (-1, 0))
        #expect(held.direction(at: 100.4) == (0, 0))
    }

    @Test func aSlowKeyboardDoesNotStutterForLong() {
        var held = HeldDirection()
        // Repeat delay 0.66 s (the X11 default) is longer than the first hold.
        holdKey(&held, dx: 1, from: 0, until: 2, delay: 0.66)
        #expect(held.repeatDelay > 0.55)
        holdKey(&held, dx: 1, from: 10, until: 12, delay: 0.66)
        for step in 0...200 { #expect(held.direction(at: 10 + Double(step) * 0.01).dx == 1) }
    }

    @Test func resetReleasesEverything() {
        var held = HeldDirection()
        held.press(dx: 1, dy: 1, at: 0)
        held.reset()
        #expect(held.direction(at: 0.1) == (0, 0))
    }
}

@Suite struct HeldDirectionApplyTests {
    @Test func aKeyEventHoldsByWhatTheTerminalReports() {
        var withReleases = HeldDirection()
        // The first release reported tells that this terminal reports them: holds become exact.
        withReleases.apply(.press, dx: -1, dy: 0, at: 0, reportsReleases: true)
        withReleases.apply(.release, dx: -1, dy: 0, at: 0, reportsReleases: true)
        withReleases.apply(.press, dx: 1, dy: 0, at: 0, reportsReleases: true)
        #expect(withReleases.direction(at: 5).dx == 1, "held from key down until key up")
        withReleases.apply(.release, dx: 1, dy: 0, at: 5, reportsReleases: true)
        #expect(withReleases.direction(at: 5.1).dx == 0)
        var without = HeldDirection()
        without.apply(.press, dx: 1, dy: 0, at: 0, reportsReleases: false)
        #expect(without.direction(at: 0.1).dx == 1)
        #expect(without.direction(at: 5).dx == 0, "a tap moves for a moment, not for ever")
    }
}

@Suite struct HeldDirectionStepTests {
    @Test func aStepRunsATenthOfASecondAndStops() {
        var held = HeldDirection()
        held.step(dx: 0, dy: -1, at: 10)
        #expect(held.direction(at: 10).dy == -1)
        #expect(held.direction(at: 10.09).dy == -1)
        #expect(held.direction(at: 10 + HeldDirection.stepSeconds) == (0, 0), "half a metre, then still")
        // A tap of a plain arrow runs for the whole assumed repeat delay instead.
        held.press(dx: 0, dy: -1, at: 20)
        #expect(held.direction(at: 20.5).dy == -1)
    }

    @Test func aHeldKeyWinsOverAStepOnItsAxisAndAStopEndsBoth() {
        var held = HeldDirection()
        held.press(dx: 1, dy: 0, at: 0)
        held.step(dx: -1, dy: 1, at: 0.01)
        #expect(held.direction(at: 0.05) == (1, 1), "the held key keeps its axis; the step moves the other")
        held.press(dx: 0, dy: 0, at: 0.06)
        #expect(held.direction(at: 0.07) == (0, 0))
        held.step(dx: 1, dy: 0, at: 1)
        held.reset()
        #expect(held.direction(at: 1.01) == (0, 0))
    }

    @Test func shiftArrowsAreStepsFromCursesCodesAndEscapeSequences() {
        #expect(KeyMap.default.action(for: KeyCode.shiftLeft) == .step(dx: -1, dy: 0))
        #expect(KeyMap.default.action(for: KeyCode.shiftDown) == .step(dx: 0, dy: 1))
        // xterm's Shift+←, and the kitty protocol's Shift+↑ (modifier 2) with its release.
        var decoder = ANSIKeyDecoder()
        #expect(decoder.feed(Array("\u{1B}[1;2D".utf8)) == [KeyEvent(key: KeyCode.shiftLeft)])
        #expect(decoder.feed(Array("\u{1B}[1;2:3A".utf8)) == [KeyEvent(key: KeyCode.shiftUp, kind: .release)])
        #expect(decoder.feed(Array("\u{1B}[1;5D".utf8)) == [KeyEvent(key: KeyCode.left)], "Ctrl+← is a plain arrow")
    }
}
