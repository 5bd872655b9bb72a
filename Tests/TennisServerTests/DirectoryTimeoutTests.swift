import TestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Synchronization
import TennisClient
import TennisProtocol
import Testing
import TennisRecords

@testable import TennisServer

/// A cluster directory (and shared history) that never answers, like a PostgreSQL that hangs:
/// every call waits, deaf to cancellation, until `release()`; then it fails, except that a
/// seat decision still runs (as a late transaction would).
final class SilentDirectory: MatchDirectory, MatchHistory, Sendable {
    let publicURL = "ws://127.0.0.1:9/ws"
    private let state = Mutex<(released: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
    /// Seat decisions run after the release, and what they came to (nil: given up, nobody seated).
    let lateSeats = Watched<[String]>([])

    struct Gone: Error {}

    /// Calls made so far (each hangs).
    let calls = Atomic<Int>(0)
    /// Heartbeats among them.
    let heartbeats = Watched(0)

    private func hang() async {
        calls.add(1, ordering: .relaxed)
        await withCheckedContinuation { continuation in
            let released = state.withLock { state in
                if !state.released { state.waiting.append(continuation) }
                return state.released
            }
            if released { continuation.resume() }
        }
    }

    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws {
        heartbeats.update { $0 += 1 }
        await hang()
        throw Gone()
    }
    func publish(_ entry: DirectoryEntry, load: Int) async throws { await hang(); throw Gone() }
    func liveMatches() async throws -> [MatchSummary] { await hang(); throw Gone() }
    func owner(of code: String) async throws -> String? { await hang(); throw Gone() }
    func leave() async throws { await hang(); throw Gone() }
    func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int] { await hang(); throw Gone() }
    func relayParent(code: String, owner: String, fanout: Int) async throws -> String? { await hang(); throw Gone() }
    func leastLoaded() async throws -> (url: String, load: Int)? { await hang(); throw Gone() }
    func reserveSeat(code: String, client: String, budget: Int) async throws -> SeatReservation {
        await hang()
        throw Gone()
    }
    func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome {
        await hang()
        let (outcome, _) = seat(SeatClaim(held: 0, reservation: nil))
        lateSeats.update { $0.append("\(outcome)") }
        return outcome
    }

    func match(id: String, invite: String?) async throws -> HistoryMatch? { await hang(); throw Gone() }
    func player(name: String) async throws -> PlayerProfile? { await hang(); throw Gone() }
    func replayFile(id: String, invite: String?) async throws -> [UInt8]? { await hang(); throw Gone() }
}

/// A directory that answers at once; `leave` fails if called from a cancelled task (as
/// PostgresNIO does), and records that it was done.
final class PromptDirectory: MatchDirectory, Sendable {
    let publicURL = "ws://127.0.0.1:9/ws"
    let heartbeats = Watched(0)
    let left = Atomic<Bool>(false)

    func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws {
        heartbeats.update { $0 += 1 }
    }
    func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int] { [:] }
    func relayParent(code: String, owner: String, fanout: Int) async throws -> String? { nil }
    func publish(_ entry: DirectoryEntry, load: Int) async throws {}
    func liveMatches() async throws -> [MatchSummary] { [] }
    func owner(of code: String) async throws -> String? { nil }
    func leave() async throws {
        try Task.checkCancellation()
        left.store(true, ordering: .relaxed)
    }
    func leastLoaded() async throws -> (url: String, load: Int)? { nil }
    func reserveSeat(code: String, client: String, budget: Int) async throws -> SeatReservation { .unknown }
    func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome {
        seat(SeatClaim(held: 0, reservation: nil)).0
    }
}

/// Log lines at warning and above, kept for the test to read.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger { logger(level: .warning) }

    func logger(level: Logger.Level) -> Logger {
        Logger(label: "test.captured") { _ in Handler(log: self, logLevel: level) }
    }

    /// Lines that contain `text`.
    func count(_ text: String) -> Int { lines.withLock { $0.count { $0.contains(text) } } }

    func contains(_ text: String) -> Bool { lines.withLock { $0.contains { $0.contains(text) } } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(extra)") }
        }
    }
}

@Suite struct DirectoryTimeoutTests {
    /// A node whose directory (and shared history) hangs waits for it once, for the timeout;
    /// then, known to be down, it is not asked again: players are seated, matches listed and
    /// created from this node alone at once, unknown codes are `not_found` without counting
    /// against the address, history requests get a clear 503, and the outage is logged once.
    /// (No heartbeat here: nothing probes, so the directory stays down.)
    @Test func aDirectoryThatNeverAnswersIsWaitedForOnceThenNotAtAll() async throws {
        let directory = SilentDirectory()
        let log = CapturedLog()
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0, maxFailedJoinsPerMinute: 2,
                                           directoryTimeoutSeconds: 0.5)
        let lobby = Lobby(settings: settings, logger: log.logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(settings, lobby: lobby, logger: log.logger, history: directory,
                                       directory: directory, runsLobby: false) { sink.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app, lobby], logger: log.logger))
        let running = Task {
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let ws = "ws://127.0.0.1:\(port)/ws", http = "http://127.0.0.1:\(port)"
        let code = try lobby.createMatch(seed: 5)

        // While the directory is up, history requests wait for the history, then answer 503.
        for error in try await Self.historyErrors(http) {
            #expect(error.contains("did not answer within 0.5 s"), "\(error)")
        }
        #expect(log.count("the match history could not be read") == 3)
        #expect(directory.calls.load(ordering: .relaxed) == 3)

        // The player is seated here once the directory is given up on.
        let ann = Recorder()
        let annClient = GameClient.forTest(url: ws, hello: .init(role: .player, code: code, name: "Ann"),
                                           pingInterval: 0, logger: quiet)
        let annTask = ann.consume(annClient)
        #expect(await ann.until(seconds: 60) { $0.welcome != nil })
        #expect(ann.read { $0.welcome?.seat } == 0)
        #expect(directory.calls.load(ordering: .relaxed) == 1 + 3)
        #expect(log.count("unreachable") == 1)

        // Codes this node lacks: the directory is not asked. Well-formed ones may be on another
        // node, so they do not count against the address (2 a minute here); a malformed one does.
        for guess in ["QQQQQQ", "QQQQQR", "QQQQQS", "QQQQQT"] {
            let lost = Recorder()
            await lost.consume(GameClient.forTest(url: ws, hello: .init(role: .player, code: guess, name: "Bo"),
                                                  pingInterval: 0, logger: quiet)).value
            #expect(lost.read { $0.errors } == ["directory_unavailable"], "\(guess)")
        }
        var refusals: [[String]] = []
        for _ in 0..<3 {
            let malformed = Recorder()
            await malformed.consume(GameClient.forTest(url: ws, hello: .init(role: .player, code: "Q0", name: "Bo"),
                                                       pingInterval: 0, logger: quiet)).value
            refusals.append(malformed.read { $0.errors })
        }
        #expect(refusals == [["not_found"], ["not_found"], ["too_many_failed_joins"]])

        // HTTP: this node's matches, a match created here, and history that says it is unavailable.
        let (listed, listBody) = try await Self.request("GET", http + "/api/matches")
        #expect(listed == 200)
        let codes = try JSONDecoder().decode([MatchSummary].self, from: listBody).map(\.code)
        #expect(codes == [code])
        let (created, _) = try await Self.request("POST", http + "/api/matches")
        #expect(created == 201)
        #expect(lobby.summaries().count == 2)
        #expect(directory.calls.load(ordering: .relaxed) == 1 + 3, "nothing asked of a directory known to be down")
        // The history (in the same database) is not asked either: 503 at once.
        #expect(try await Self.historyErrors(http) == Array(repeating: "the match history cannot be reached (the cluster's database is down); try again shortly", count: 3))
        #expect(directory.calls.load(ordering: .relaxed) == 1 + 3)
        #expect(log.count("unreachable") == 1, "\(log.lines.withLock { $0 })")

        // The directory answers at last: its late seat decision seats nobody a second time.
        directory.release()
        #expect(await directory.lateSeats.until(seconds: 60) { $0 == ["nil"] })
        #expect(lobby.match(code: code)?.summary.players == ["Ann"])

        annClient.close()
        await annTask.value
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Heartbeats have the same deadline: one that hangs turns the directory down, the next ones
    /// keep probing it (they neither stall each other nor log again), and the node still shuts down.
    @Test func hungHeartbeatsKeepProbingAndTheNodeStillStops() async throws {
        let directory = SilentDirectory()
        let log = CapturedLog()
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0, directoryTimeoutSeconds: 0.2)
        let (group, running) = try await Self.startNode(settings, directory: directory, log: log)
        #expect(await directory.heartbeats.until(seconds: 60) { $0 >= 3 })
        #expect(log.count("unreachable") == 1, "\(log.lines.withLock { $0 })")
        #expect(directory.calls.load(ordering: .relaxed) == directory.heartbeats.read { $0 })
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// A node stopped by cancellation still takes itself out of the directory.
    @Test func aCancelledNodeStillLeavesTheDirectory() async throws {
        let directory = PromptDirectory()
        let log = CapturedLog()
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        let (_, running) = try await Self.startNode(settings, directory: directory, log: log)
        #expect(await directory.heartbeats.until(seconds: 60) { $0 > 0 })
        running.cancel()
        _ = try? await running.value
        let left = directory.left.load(ordering: .relaxed)
        #expect(left)
        #expect(!log.contains("could not leave"), "\(log.lines.withLock { $0 })")
    }

    /// The history routes' errors (each must be a 503).
    static func historyErrors(_ http: String) async throws -> [String] {
        var errors: [String] = []
        for path in ["/api/matches/3", "/api/matches/3/replay", "/api/players/ann"] {
            let (status, body) = try await request("GET", http + path)
            #expect(status == 503, "\(path)")
            errors.append(try JSONDecoder().decode([String: String].self, from: body)["error"] ?? "-")
        }
        return errors
    }

    /// A node as `tennis serve` runs it (heartbeats included), once it listens.
    static func startNode(_ settings: ServerConfiguration, directory: any MatchDirectory, log: CapturedLog)
        async throws -> (ServiceGroup, Task<Void, any Error>)
    {
        let lobby = Lobby(settings: settings, logger: log.logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let group = try makeServerGroup(settings, lobby: lobby, logger: log.logger, directory: directory,
                                        handlesSignals: false) { sink.yield($0) }
        let running = Task {
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        _ = try #require(await iterator.next())
        return (group, running)
    }

    static func request(_ method: String, _ url: String) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
