import Testing

@testable import TennisServer

@Suite struct BatchGovernorTests {
    private let ms: UInt64 = 1_000_000
    private let second: UInt64 = 1_000_000_000

    /// Feeds one run per tick (16.7 ms apart) from `start` for `seconds`, each `delay` late.
    private func feed(_ governor: inout BatchGovernor, from start: UInt64, seconds: Double, delay: UInt64) -> UInt64 {
        var now = start
        for _ in 0..<Int(seconds * 60) {
            now += 16_666_667
            governor.observe(delay: delay, now: now)
        }
        return now
    }

    /// Feeds late runs until the batch grows (at most `seconds`).
    private func behindUntilItGrows(_ governor: inout BatchGovernor, from start: UInt64, seconds: Double = 5) -> UInt64 {
        let before = governor.ticks
        var now = start
        for _ in 0..<Int(seconds * 60) where governor.ticks == before {
            now += 16_666_667
            governor.observe(delay: 20 * ms, now: now)
        }
        return now
    }

    @Test func theSettingsAreARateOrABatchOfOneToFourTicks() {
        #expect(SpectatorBatching(argument: "auto") == .auto)
        #expect(SpectatorBatching(argument: "2") == .fixed(2))
        for bad in ["0", "5", "-1", "two", ""] { #expect(SpectatorBatching(argument: bad) == nil) }
        #expect(SpectatorBatching(rate: "auto") == .auto)
        #expect(SpectatorBatching(rate: "60") == .rate(ticks: 1))
        #expect(SpectatorBatching(rate: "30") == .rate(ticks: 2))
        #expect(SpectatorBatching(rate: "20") == .rate(ticks: 3))
        #expect(SpectatorBatching(rate: "15") == .rate(ticks: 4))
        #expect(SpectatorBatching(rate: "12") == .rate(ticks: 5))
        for bad in ["45", "10", "6", "1", "0", "-20", "", "fast", "99999999999999999999"] {
            #expect(SpectatorBatching(rate: bad) == nil)
        }
        #expect(SpectatorBatching.fixed(1).batches == false)
        #expect(SpectatorBatching.rate(ticks: 1).batches == false)
        #expect(SpectatorBatching.fixed(3).batches)
        #expect(SpectatorBatching.auto.batches)
        #expect(SpectatorBatching.auto.newestOnly && SpectatorBatching.rate(ticks: 2).newestOnly)
        #expect(!SpectatorBatching.fixed(2).newestOnly)
    }

    @Test func aFixedRateNeverChanges() {
        var governor = BatchGovernor(.rate(ticks: 2))
        _ = feed(&governor, from: 0, seconds: 5, delay: 30 * ms)
        #expect(governor.ticks == 2)
    }

    @Test func aFixedBatchNeverChanges() {
        var governor = BatchGovernor(.fixed(3))
        _ = feed(&governor, from: 0, seconds: 5, delay: 30 * ms)
        #expect(governor.ticks == 3)
    }

    @Test func autoStaysAtOneTickWhilePicturesGoOutPromptly() {
        var governor = BatchGovernor(.auto)
        _ = feed(&governor, from: 0, seconds: 30, delay: 9 * ms)
        #expect(governor.ticks == 1)
    }

    @Test func autoLowersTheRateAtMostOnceASecondWhileBehindAndStopsAt12Hz() {
        var governor = BatchGovernor(.auto)
        var now = feed(&governor, from: 0, seconds: 1.5, delay: 20 * ms)
        #expect(governor.ticks == 2)
        now = feed(&governor, from: now, seconds: 0.5, delay: 20 * ms)
        #expect(governor.ticks <= 3)
        _ = feed(&governor, from: now, seconds: 10, delay: 20 * ms)
        #expect(governor.ticks == 5, "60, 30, 20, 15, then 12 Hz")
        #expect(governor.ticks == SpectatorBatching.maxRateTicks, "never below what the clients interpolate")
    }

    /// Pictures 7 ms late at 12 Hz would be about 8.75 ms late at 15 Hz (each tick's pass a
    /// quarter instead of a fifth of the spectators), over the 8 ms the governor wants: it stays.
    /// At 6 ms (7.5 at 15 Hz) it comes back to 15 Hz, but not on to 20 (8.0).
    @Test func autoComesBackFromTheLowestRateOnlyWhenPicturesAtTheNextWouldStayFresh() {
        var governor = BatchGovernor(.auto)
        var now = UInt64(0)
        for _ in 0..<4 { now = behindUntilItGrows(&governor, from: now) }
        #expect(governor.ticks == 5)
        now = feed(&governor, from: now, seconds: 20, delay: 7 * ms)
        #expect(governor.ticks == 5)
        now = feed(&governor, from: now, seconds: 5, delay: 6 * ms)
        #expect(governor.ticks == 4)
        _ = feed(&governor, from: now, seconds: 20, delay: 6 * ms)
        #expect(governor.ticks == 4)
    }

    /// Pictures 5 ms old at 30 Hz would be about 10 ms old at 60 Hz (each tick's pass twice as
    /// long), over the 8 ms the governor wants before it raises the rate: it stays at 30 Hz.
    @Test func autoRaisesTheRateOnlyWhenTheLongerPassesWouldStillBeFresh() {
        var governor = BatchGovernor(.auto)
        var now = behindUntilItGrows(&governor, from: 0)
        #expect(governor.ticks == 2)
        now = feed(&governor, from: now, seconds: 20, delay: 5 * ms)
        #expect(governor.ticks == 2)
        _ = feed(&governor, from: now, seconds: 4, delay: 3 * ms)
        #expect(governor.ticks == 1)
    }

    @Test func autoShrinksOnlyAfterHoldingAndHoldsLongerWhenItHadToGrowAgainSoon() {
        var governor = BatchGovernor(.auto)
        var now = behindUntilItGrows(&governor, from: 0)
        #expect(governor.ticks == 2)
        now = feed(&governor, from: now, seconds: 2.5, delay: 0)
        #expect(governor.ticks == 2, "held for 3 s after growing")
        now = feed(&governor, from: now, seconds: 1, delay: 0)
        #expect(governor.ticks == 1)
        // Behind again right after shrinking: it grows, and now holds for 6 s.
        now = behindUntilItGrows(&governor, from: now)
        #expect(governor.ticks == 2)
        now = feed(&governor, from: now, seconds: 5, delay: 0)
        #expect(governor.ticks == 2, "the hold doubled")
        _ = feed(&governor, from: now, seconds: 2, delay: 0)
        #expect(governor.ticks == 1)
    }
}
