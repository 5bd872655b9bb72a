import TestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Synchronization
import TennisClient
import TennisProtocol
import Testing
import TennisRecords
import TennisRelay

@testable import TennisDirectory
@testable import TennisServer

let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
/// Set by `.ci/run`, which starts a throwaway PostgreSQL (scripts/start-postgres.sh); without
/// it, where PostgreSQL is installed, the tests start one of their own.
let postgresURL = ProcessInfo.processInfo.environment["TENNIS_TEST_POSTGRES"] ?? ThrowawayPostgres.start()

/// PostgreSQL can be had: named by `.ci/run` (`TENNIS_TEST_POSTGRES`), or installed here, when
/// the tests start one of their own (`ThrowawayPostgres`, on first use of `postgresURL`).
let postgresPossible = ProcessInfo.processInfo.environment["TENNIS_TEST_POSTGRES"] != nil || ThrowawayPostgres.installed

/// Resolves `postgresURL` before the suite's tests, on a thread of its own: starting a
/// throwaway PostgreSQL takes seconds (initdb), and a global's initializer run from a test
/// would hold one of the cooperative pool's few threads all that while, starving every
/// in-process server of the tests alongside.
struct PostgresReady: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let url = await offThePool { postgresURL }
        try #require(url != nil, "PostgreSQL is installed but would not start (scripts/start-postgres.sh)")
        try await function()
    }
}

/// Every suite that uses the shared PostgreSQL, one test at a time (one of them empties the
/// directory, and they count what it lists).
@Suite(.serialized, .enabled(if: postgresPossible, "needs PostgreSQL (TENNIS_TEST_POSTGRES, or initdb installed)"),
       PostgresReady())
enum WithPostgres {}

/// Deletes every node of the shared directory, and so their matches and reservations.
func emptyDirectory() async throws {
    let directory = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "", logger: quiet)
    defer { directory.close() }
    try await directory.removeEverything()
}

/// A node: a server on an ephemeral port with its own connection to the shared directory.
struct Node {
    let server: RunningServer
    let directory: PostgresDirectory
    /// What the server asked of the directory.
    let calls: CountingDirectory
    var ws: String { "ws://127.0.0.1:\(server.port)/ws" }

    /// - Parameter history: keep finished matches in the cluster's PostgreSQL history (and serve it).
    /// - Parameter unusedReservations: reservations one address may leave unused a minute.
    /// - Parameter failedJoins: joins naming no match one address may make a minute.
    /// - Parameter gatewaySecret: what the node's gateway vouches under and its relays prove
    ///   themselves with (nil: the cluster's shared one, as `tennis serve` reads it).
    /// - Parameter through: the directory's URL (default: the shared PostgreSQL's).
    static func start(grace: Double = 30, reservationSeconds: Double = 10, history: Bool = false,
                      unusedReservations: Int = 2, failedJoins: Int = 20, through url: String? = nil,
                      relays: Bool = false, relayFanout: Int = 8, gatewaySecret: [UInt8]? = nil,
                      logger: Logger = quiet) async throws -> Node
    {
        let directory = try await PostgresDirectory.connect(url: url ?? postgresURL ?? "", publicURL: "",
                                                            logger: logger, reservationSeconds: reservationSeconds)
        let calls = CountingDirectory(directory)
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0, reconnectGraceSeconds: grace,
                                           maxFailedJoinsPerMinute: failedJoins,
                                           maxUnusedReservationsPerMinute: unusedReservations)
        if let gatewaySecret {
            settings.gatewaySecret = gatewaySecret
        } else {
            settings.gatewaySecret = try await directory.sharedSecret(named: "gateway")
        }
        settings.relayFanout = relayFanout
        let server = try await RunningServer.start(
            settings,
            logger: logger, store: history ? directory.history : nil, directory: calls,
            relay: relays ? WebSocketUpstream(logger: logger) : nil)
        directory.announce(as: "ws://127.0.0.1:\(server.port)/ws")
        return Node(server: server, directory: directory, calls: calls)
    }

    /// POST /api/matches on this node (no redirect followed): the status and the new code.
    func create() async throws -> (Int, String?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/matches")!)
        request.httpMethod = "POST"
        let (data, response) = try await URLSession.shared.data(for: request)
        let code = (try? JSONSerialization.jsonObject(with: data) as? [String: String])?["code"]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, code)
    }

    func stop() async {
        await server.stopAndWait()
        directory.close()
    }

    /// Whether this node's directory link sees `code` hosted by another live node.
    func knowsElsewhere(_ code: String) async -> Bool {
        (try? await directory.owner(of: code)) != nil
    }

    /// GET on this node's HTTP API: the status and body.
    func get(_ path: String) async -> (Int, Data) {
        guard let url = URL(string: "http://127.0.0.1:\(server.port)\(path)"),
              let (data, response) = try? await URLSession.shared.data(from: url)
        else { return (0, Data()) }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func listed() async -> [String] {
        guard let url = URL(string: "http://127.0.0.1:\(server.port)/api/matches"),
              let (data, _) = try? await URLSession.shared.data(from: url),
              let list = try? JSONDecoder().decode([MatchSummary].self, from: data)
        else { return [] }
        return list.map(\.code)
    }
}

/// What a server answered one hello.
struct Answer: Sendable {
    var welcome: ServerMessage.Welcome?
    var moved: ServerMessage.Redirect?
    var error: String?
    var message: String?
    var close: UInt16?
    /// Still open when welcomed (the test closes it).
    var client: GameClient?
}

/// Connects once and reads until a welcome (the connection is left open) or the close.
func answer(_ url: String, _ hello: ClientMessage.Hello) async -> Answer {
    let client = GameClient.forTest(url: url, hello: hello, pingInterval: 0, logger: quiet)
    let timer = Task {
        try await Task.sleep(for: .seconds(30))
        client.close()
    }
    defer { timer.cancel() }
    var result = Answer()
    for await event in client.events {
        switch event {
        case .welcome(let welcome):
            result.welcome = welcome
            result.client = client
            return result
        case .moved(let redirect): result.moved = redirect
        case .error(let code, let message):
            result.error = code
            result.message = message
        case .closed(let code, _): result.close = code
        default: break
        }
    }
    return result
}

/// A player joining through `MatchSessionStream` (which follows redirects): its welcome, once it comes.
final class Joiner: Sendable {
    struct Seen: Sendable {
        var welcome: ServerMessage.Welcome?
        var errors: [String] = []
    }

    let connection: MatchSessionStream
    private let seen = Watched(Seen())
    private let reading: Task<Void, Never>

    init(url: String, hello: ClientMessage.Hello) {
        let connection = MatchSessionStream.forTest(url: url, hello: hello, pingInterval: 0, logger: quiet)
        self.connection = connection
        let seen = self.seen
        reading = Task {
            for await event in connection.events {
                if case .welcome(let welcome) = event { seen.update { $0.welcome = welcome } }
                if case .error(let code, _) = event { seen.update { $0.errors.append(code) } }
            }
            seen.finish()
        }
    }

    var welcome: ServerMessage.Welcome? { seen.read { $0.welcome } }
    var refusals: [String] { seen.read { $0.errors } }

    /// Waits for the event that makes `condition` hold (false: the session ended first).
    func until(seconds: Double = 30, _ condition: @escaping @Sendable (Seen) -> Bool) async -> Bool {
        await seen.until(seconds: seconds, condition)
    }

    func close() async {
        connection.close()
        await reading.value
    }
}

/// A node's directory, counting what the node asks of it besides heartbeats (and `leave`).
final class CountingDirectory: MatchDirectory, Sendable {
    let base: PostgresDirectory
    private let counted = Atomic<Int>(0)

    init(_ base: PostgresDirectory) {
        self.base = base
    }

    /// Calls for a join, a listing or a new match so far.
    var requests: Int { counted.load(ordering: .relaxed) }

    private func count() { counted.add(1, ordering: .relaxed) }

    var publicURL: String { base.publicURL }
    func heartbeat(load: Int, matches: [DirectoryEntry], through: UInt64) async throws {
        try await base.heartbeat(load: load, matches: matches, through: through)
    }
    func leave() async throws { try await base.leave() }
    func relays(_ relayed: [String: RelayReport]) async throws -> [String: Int] { try await base.relays(relayed) }
    func relayParent(code: String, owner: String, fanout: Int) async throws -> String? {
        try await base.relayParent(code: code, owner: owner, fanout: fanout)
    }
    func publish(_ entry: DirectoryEntry, load: Int) async throws {
        count()
        try await base.publish(entry, load: load)
    }
    func liveMatches() async throws -> [MatchSummary] {
        count()
        return try await base.liveMatches()
    }
    func owner(of code: String) async throws -> String? {
        count()
        return try await base.owner(of: code)
    }
    func leastLoaded() async throws -> (url: String, load: Int)? {
        count()
        return try await base.leastLoaded()
    }
    func reserveSeat(code: String, client: String, budget: Int) async throws -> SeatReservation {
        count()
        return try await base.reserveSeat(code: code, client: client, budget: budget)
    }
    func admitPlayer<Outcome: Sendable>(
        code: String, reservation: String?, _ seat: @Sendable (SeatClaim) -> (Outcome, DirectoryEntry)
    ) async throws -> Outcome {
        count()
        return try await base.admitPlayer(code: code, reservation: reservation, seat)
    }
}
