import TennisProtocol
import Testing

@testable import TennisClient

/// The link watchdog on an injected clock: no test here waits.
@Suite struct LinkWatchdogTests {
    private let second: UInt64 = 1_000_000
    private func watchdog() -> LinkWatchdog {
        LinkWatchdog(url: "ws://x/ws", startedMicros: 1_000, openTimeout: 10, silenceTimeout: 15)
    }

    @Test func aLongPauseOfHeartbeatKeyframesKeepsTheLinkAlive() {
        let dog = watchdog()
        // Ten minutes of a paused match: only a keyframe each `idleKeyframeSeconds`.
        var heard: UInt64 = 1_000
        for now in stride(from: UInt64(1_000), through: 600 * second, by: Int(second / 4)) {
            if now - heard >= UInt64(WireProtocol.idleKeyframeSeconds) * second { heard = now }
            #expect(dog.verdict(nowMicros: now, opened: true, lastHeardMicros: heard, closeAskedMicros: 0) == nil)
        }
    }

    @Test func silenceLongerThanTheTimeoutEndsIt() {
        let dog = watchdog()
        let heard = 20 * second
        #expect(dog.verdict(nowMicros: heard + 15 * second, opened: true, lastHeardMicros: heard, closeAskedMicros: 0)
            == nil)
        #expect(dog.verdict(nowMicros: heard + 16 * second, opened: true, lastHeardMicros: heard, closeAskedMicros: 0)
            == "the server at ws://x/ws stopped answering")
    }

    @Test func aConnectionThatNeverOpensOrAnUnansweredCloseEnds() {
        let dog = watchdog()
        #expect(dog.verdict(nowMicros: 9 * second, opened: false, lastHeardMicros: 0, closeAskedMicros: 0) == nil)
        #expect(dog.verdict(nowMicros: 11 * second, opened: false, lastHeardMicros: 0, closeAskedMicros: 0)
            == "connecting to ws://x/ws timed out")
        #expect(dog.verdict(nowMicros: 5 * second, opened: true, lastHeardMicros: 5 * second, closeAskedMicros: second)
            == "closed")
    }
}
