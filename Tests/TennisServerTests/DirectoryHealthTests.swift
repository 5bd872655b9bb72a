import Logging
import Synchronization
import TennisRecords
import Testing

@testable import TennisServer

/// The directory's health in virtual time: no clock, no socket.
@Suite struct DirectoryHealthTests {
    @Test func aFailureTurnsItDownOnceAndOnlyProbesGoUntilOneSucceeds() {
        var health = DirectoryHealth(probeEveryMicros: 1_000_000)
        #expect(health.request() == .ask)
        let heartbeatWhileUp = health.probe(now: 0)
        #expect(heartbeatWhileUp == .ask, "up: the heartbeat goes")
        let firstFailure = health.failed(now: 10_000_000)
        #expect(firstFailure == .wentDown)
        #expect(health.state == .down(since: 10_000_000))
        let secondFailure = health.failed(now: 10_000_001)
        #expect(secondFailure == nil, "a second failure reports nothing new")
        #expect(health.request() == .skip, "down: a join or a listing is not held up")
        let probeTooSoon = health.probe(now: 10_500_000)
        #expect(probeTooSoon == .skip, "no probe within a second of the failure")
        let probeDue = health.probe(now: 11_000_001)
        #expect(probeDue == .ask)
        let secondProbe = health.probe(now: 11_000_002)
        #expect(secondProbe == .skip, "one probe a second")
        let probeFailed = health.failed(now: 14_000_001)
        #expect(probeFailed == nil, "a probe that times out: still down")
        let probeTooSoonAgain = health.probe(now: 14_500_000)
        #expect(probeTooSoonAgain == .skip)
        let probeDueAgain = health.probe(now: 15_000_001)
        #expect(probeDueAgain == .ask)
        let probeAnswered = health.succeeded(now: 15_000_010)
        #expect(probeAnswered == .cameBack(afterMicros: 5_000_010))
        #expect(health.state == .up)
        #expect(health.request() == .ask)
        let answerWhileUp = health.succeeded(now: 16_000_000)
        #expect(answerWhileUp == nil, "up stays up silently")
    }

    @Test func anAnswerThatComesWhileDownTurnsItUp() {
        var health = DirectoryHealth(probeEveryMicros: 1_000_000)
        _ = health.failed(now: 5)
        // A call made while up answers after another one failed.
        let lateAnswer = health.succeeded(now: 7)
        #expect(lateAnswer == .cameBack(afterMicros: 2))
        #expect(health.request() == .ask)
    }

    /// The link over a directory that refuses at once: one call fails, then nothing is called
    /// until the probe is due, and the outage is logged twice (down, back).
    @Test func theLinkAsksNothingWhileDownAndLogsTheOutageOnce() async throws {
        let directory = SwitchedDirectory()
        let log = CapturedLog()
        let clock = Mutex<UInt64>(1_000_000)
        let link = DirectoryLink(directory, timeoutSeconds: 60, logger: log.logger(level: .notice),
                                 probeEverySeconds: 1, now: { clock.withLock { $0 } })
        directory.refusing.store(true, ordering: .relaxed)
        await #expect(throws: SwitchedDirectory.Refused.self) { try await link.ask("list") { try await $0.liveMatches() } }
        #expect(link.isDown)
        for _ in 0..<50 {
            await #expect(throws: DirectoryLink.KnownDown.self) { try await link.ask("list") { try await $0.liveMatches() } }
        }
        #expect(directory.calls.load(ordering: .relaxed) == 1, "known down: not asked")
        clock.withLock { $0 += 500_000 }
        await #expect(throws: DirectoryLink.KnownDown.self) { try await link.probe("heartbeat") { try await $0.leave() } }
        clock.withLock { $0 += 500_000 }
        await #expect(throws: SwitchedDirectory.Refused.self) { try await link.probe("heartbeat") { try await $0.leave() } }
        #expect(directory.calls.load(ordering: .relaxed) == 2, "the probe went")

        directory.refusing.store(false, ordering: .relaxed)
        await #expect(throws: DirectoryLink.KnownDown.self) { try await link.ask("list") { try await $0.liveMatches() } }
        clock.withLock { $0 += 1_000_000 }
        try await link.probe("heartbeat") { try await $0.leave() }
        #expect(!link.isDown)
        _ = try await link.ask("list") { try await $0.liveMatches() }
        #expect(directory.calls.load(ordering: .relaxed) == 4)
        let lines = log.lines.withLock { $0 }
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("unreachable") == true)
        #expect(lines.last?.contains("directory is back") == true && lines.last?.contains("down_seconds=2.0") == true, "\(lines)")
    }

    /// A miss the directory could not check is not charged to the address, unless a code scan
    /// is under way across the server.
    @Test func missesTheDirectoryCouldNotCheckAreChargedOnlyDuringAScan() {
        var ledger = FailedJoinLedger(perAddress: 2, global: 10)
        for second in 0..<5 { ledger.noteUnchecked("ann", now: UInt64(second) * 1_000_000) }
        let step13 = ledger.allows("ann", now: 5_000_000)
        #expect(step13, "five unchecked misses, none charged")
        let step14 = ledger.globalCount(now: 5_000_000)
        #expect(step14 == 5, "but the server counts them")
        for index in 0..<5 { ledger.noteUnchecked("scan\(index)", now: 6_000_000) }
        let step15 = ledger.globalCount(now: 6_000_000)
        #expect(step15 == 10)
        // The server is at its limit: a scan. Unchecked misses are now charged like any other.
        ledger.noteUnchecked("bo", now: 7_000_000)
        ledger.noteUnchecked("bo", now: 7_000_001)
        let charged = !ledger.allows("bo", now: 7_000_002)
        #expect(charged)
    }
}

/// A directory that answers at once, or refuses at once (like PostgreSQL with its port closed),
/// and counts the calls made to it.
final class SwitchedDirectory: MatchDirectory, Sendable {
    let publicURL = "ws://127.0.0.1:9/ws"
    let refusing = Atomic<Bool>(false)
    let calls = Atomic<Int>(0)

    struct Refused: Error {}

    private func answer() throws {
        calls.add(1, ordering: .relaxed)
        if refusing.load(ordering: .relaxed) { throw Refused() }
    }

    func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws { try answer() }
    func publish(_ entry: DirectoryEntry, load: Int) async throws { try answer() }
    func liveMatches() async throws -> [MatchSummary] { try answer(); return [] }
    func owner(of code: String) async throws -> String? { try answer(); return nil }
    func leave() async throws { try answer() }
    func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int] { try answer(); return [:] }
    func relayParent(code: String, owner: String, fanout: Int) async throws -> String? { try answer(); return nil }
    func leastLoaded() async throws -> (url: String, load: Int)? { try answer(); return nil }
    func reserveSeat(code: String, client: String, budget: Int) async throws -> SeatReservation {
        try answer()
        return .unknown
    }
    func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome {
        try answer()
        return seat(SeatClaim(held: 0, reservation: nil)).0
    }
}
