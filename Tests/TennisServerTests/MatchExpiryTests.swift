import TestSupport
import Logging
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

/// When a match is retired, in room ticks (the match's own clock: the test steps it, no time passes).
@Suite struct MatchExpiryTests {
    private let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func host(unjoined: Double, linger: Double) -> MatchHost {
        MatchHost(code: "EXPIRE", config: MatchConfig(seed: 1, format: .short, surface: .hard),
                  settings: ServerConfiguration(lingerSeconds: linger), logger: silent,
                  unjoinedExpirySeconds: unjoined)
    }

    /// Steps `host` one tick at a time; the number of ticks after which it asked to be retired
    /// (nil: still running after `limit`).
    private func ticksUntilRetired(_ host: MatchHost, limit: Int) -> Int? {
        var runs = FanoutRuns()
        for tick in 1...limit where !host.advance(steps: 1, runs: &runs) { return tick }
        return nil
    }

    @Test func aMatchNobodySatDownInIsRetiredAfterTheUnjoinedExpiryEvenWatched() throws {
        let host = host(unjoined: 2, linger: 120)
        // A spectator does not keep it: only a player does.
        _ = try host.join(.init(role: .spectator, code: "EXPIRE", name: "w"), connection: ConnectionID(value: 1),
                          outlet: RecordingOutlet())
        #expect(ticksUntilRetired(host, limit: 10 * 60) == 2 * MatchState.ticksPerSecond)
    }

    @Test func aMatchThatHadAPlayerKeepsTheLongerLinger() throws {
        let host = host(unjoined: 2, linger: 5)
        let player = ConnectionID(value: 1)
        _ = try host.join(.init(role: .player, code: "EXPIRE", name: "Ann"), connection: player,
                          outlet: RecordingOutlet())
        #expect(ticksUntilRetired(host, limit: 3 * MatchState.ticksPerSecond) == nil, "a seated player keeps it")
        host.leave(player)
        // Empty now, and retired only after the linger, not the unjoined expiry.
        #expect(ticksUntilRetired(host, limit: 10 * 60) == 5 * MatchState.ticksPerSecond)
    }

    @Test func lobbyDefaultIsShorterThanTheLinger() {
        #expect(Lobby.defaultUnjoinedExpirySeconds < ServerConfiguration().lingerSeconds)
    }
}
