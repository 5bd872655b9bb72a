import TennisProtocol
import Testing

@testable import TennisClient

/// The link watchdog on an injected clock: no test here waits.
@Suite struct LinkWatchdogTests {
    private let dog = LinkWatchdog(openTimeout: 10, silenceTimeout: 15)
    private func verdict(_ now: Double, opened: Bool = true, heard: Double?, closeAsked: Double? = nil) -> String? {
        dog.verdict(url: "ws://x/ws", now: now, startedAt: 0.001, opened: opened, lastHeard: heard,
                    closeAskedAt: closeAsked)
    }

    @Test func aLongPauseOfHeartbeatKeyframesKeepsTheLinkAlive() {
        // Ten minutes of a paused match: only a keyframe each `idleKeyframeSeconds`.
        var heard = 0.001
        for now in stride(from: 0.001, through: 600, by: 0.25) {
            if now - heard >= Double(WireProtocol.idleKeyframeSeconds) { heard = now }
            #expect(verdict(now, heard: heard) == nil)
        }
    }

    @Test func silenceLongerThanTheTimeoutEndsIt() {
        #expect(verdict(35, heard: 20) == nil)
        #expect(verdict(36, heard: 20) == "the server at ws://x/ws stopped answering")
    }

    @Test func aConnectionThatNeverOpensOrAnUnansweredCloseEnds() {
        #expect(verdict(9, opened: false, heard: nil) == nil)
        #expect(verdict(11, opened: false, heard: nil) == "connecting to ws://x/ws timed out")
        #expect(verdict(5, heard: 5, closeAsked: 1) == "closed")
    }
}
