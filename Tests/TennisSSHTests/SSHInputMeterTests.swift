import Testing
@testable import TennisSSH

@Suite struct SSHInputMeterTests {
    let second: UInt64 = 1_000_000_000

    @Test func bytesOverTheRateAreDroppedUntilTheNextSecond() {
        var meter = SSHInputMeter(perSecond: 10, maxRead: 100)
        #expect(meter.read(6, nowNanos: 0) == .pass(6))
        #expect(meter.read(6, nowNanos: second / 2) == .pass(4))
        #expect(meter.read(6, nowNanos: second / 2 + 1) == .pass(0))
        #expect(meter.read(6, nowNanos: second + 1) == .pass(6))
    }

    @Test func fourTimesTheRateInASecondCloses() {
        var meter = SSHInputMeter(perSecond: 10, maxRead: 100)
        #expect(meter.read(30, nowNanos: 0) == .pass(10))
        guard case .close(let line) = meter.read(10, nowNanos: 10) else {
            Issue.record("not closed")
            return
        }
        #expect(line.contains("more than 40 bytes"))
    }

    @Test func oneReadOverTheMaximumCloses() {
        var meter = SSHInputMeter(perSecond: 1000, maxRead: 64)
        #expect(meter.read(64, nowNanos: 0) == .pass(64))
        #expect(meter.read(65, nowNanos: second * 5) == .close("tennis: input of 65 bytes at once is over 64; goodbye"))
    }
}
