import TestSupport
import Foundation
import Logging
import PostgresNIO
import Synchronization
import TennisLab
import TennisProtocol
import TennisRecords
import Testing
@testable import TennisDirectory
@testable import TennisServer

extension WithPostgres {
    /// The cluster at its edges: a match joined through another node the moment it exists, a
    /// directory that goes away and comes back, nodes that die without a goodbye.
    @Suite
    struct ClusterEdgeTests {
        /// Created on A, joined through B at once (no wait for a heartbeat): B sends the client on.
        /// Quick misses would each count against the address: two are allowed here, and three
        /// matches are joined in a row without one.
        @Test func aNewMatchIsFoundThroughAnotherNodeTheMomentItsCodeIsHandedOut() async throws {
            try await emptyDirectory()
            let a = try await Node.start(failedJoins: 2), b = try await Node.start(failedJoins: 2)
            for round in 0..<3 {
                // Asked of A, the match may be placed on B (307, followed): joined through the other.
                let (status, created) = try await a.create()
                let code = try #require(created)
                #expect(status == 201, "round \(round)")
                let (owner, other) = a.server.lobby.match(code: code) != nil ? (a, b) : (b, a)
                #expect(owner.server.lobby.match(code: code) != nil)
                let spectator = await answer(other.ws, .init(role: .spectator, code: code, name: "w"))
                #expect(spectator.moved?.url == owner.ws, "round \(round): \(spectator.error ?? "-") \(spectator.message ?? "")")
                let player = Joiner(url: other.ws, hello: .init(role: .player, code: code, name: "p\(round)"))
                #expect(await player.until { $0.welcome != nil }, "round \(round): \(player.refusals)")
                #expect(player.welcome?.code == code)
                #expect(player.refusals.isEmpty, "\(player.refusals)")
                await player.close()
            }
            await a.stop()
            await b.stop()
        }

        /// A heartbeat whose snapshot of the lobby predates a match published since leaves the
        /// match's row alone; the next heartbeat that covers its serial and lacks it removes it.
        @Test func aHeartbeatNeverRemovesAMatchPublishedAfterItsSnapshot() async throws {
            try await emptyDirectory()
            let directory = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "ws://x:1/ws",
                                                                logger: quiet)
            defer { directory.close() }
            let entry = DirectoryEntry(summary: MatchSummary(code: "NEWMCH", players: [], spectators: 0,
                                                             state: "waiting", format: "short", surface: "hard", score: ""),
                                       isPrivate: false, serial: 5)
            try await directory.publish(entry, load: 0)
            let other = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "", logger: quiet)
            defer { other.close() }
            #expect(try await other.owner(of: "NEWMCH") == "ws://x:1/ws", "found before any heartbeat")
            try await directory.heartbeat(load: 0, matches: [], through: 4)
            #expect(try await other.owner(of: "NEWMCH") == "ws://x:1/ws", "a stale snapshot keeps it")
            try await directory.heartbeat(load: 0, matches: [], through: 5)
            #expect(try await other.owner(of: "NEWMCH") == nil, "gone once a snapshot covers it")
        }

        /// Nodes killed with -9 leave rows behind: any live node's heartbeat deletes a node silent
        /// for `reapSeconds`, with its matches and their reservations, however many reap at once.
        /// A node silent for a few seconds is kept, but no client is sent to it.
        @Test func nodesSilentForLongAreReapedWithTheirMatches() async throws {
            try await emptyDirectory()
            let a = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "ws://a:1/ws", logger: quiet)
            let b = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "ws://b:1/ws", logger: quiet)
            defer { a.close(); b.close() }
            let reap = Int(PostgresDirectory.reapSeconds) + 5
            try await a.client.query("""
                INSERT INTO tennis_nodes (id, url, load, heartbeat) VALUES
                    ('killed', 'ws://killed:1/ws', 3, now() - make_interval(secs => \(reap))),
                    ('stalled', 'ws://stalled:1/ws', 3, now() - interval '3 seconds')
                """, logger: quiet)
            try await a.client.query("""
                INSERT INTO tennis_matches (code, node, summary, private, seats) VALUES
                    ('KILLED', 'killed', '{}', false, 1), ('STALLD', 'stalled', '{}', false, 1)
                """, logger: quiet)
            try await a.client.query("""
                INSERT INTO tennis_reservations (token, code, node, client, expires_at)
                VALUES ('t1', 'KILLED', 'killed', 'x', now() + interval '1 hour')
                """, logger: quiet)
            // Not sent to either: a heartbeat 3 s old is stale already.
            #expect(try await b.owner(of: "KILLED") == nil)
            #expect(try await b.owner(of: "STALLD") == nil)
            #expect(try await b.reserveSeat(code: "STALLD", client: "y", budget: 2) == .unknown)

            // Two live nodes reap at once: the killed node goes once, with everything it had.
            async let first = a.reap()
            async let second = b.reap()
            let reaped = try await first + second
            #expect(reaped == 1)
            try await a.heartbeat(load: 0, matches: [], through: 0)
            #expect(try await Self.count("tennis_nodes WHERE id = 'killed'", a) == 0)
            #expect(try await Self.count("tennis_matches WHERE code = 'KILLED'", a) == 0)
            #expect(try await Self.count("tennis_reservations WHERE token = 't1'", a) == 0)
            #expect(try await Self.count("tennis_matches WHERE code = 'STALLD'", a) == 1, "a short stall is kept")
            #expect(try await a.reap() == 0)
        }

        static func count(_ from: String, _ directory: PostgresDirectory) async throws -> Int {
            let rows = try await directory.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(from)"),
                                                        logger: quiet)
            for try await count in rows.decode(Int.self) { return count }
            return -1
        }

        /// PostgreSQL goes away (its port closed, its connections cut) and comes back. The node
        /// says so once each way; meanwhile a listing, a new match and joins are answered from
        /// the node alone without asking the directory, and joins for codes it cannot look up
        /// count against nobody; it finds the directory back by itself.
        @Test func aDirectoryThatGoesAwayIsNotWaitedForAndIsFoundBack() async throws {
            try await emptyDirectory()
            let target = try #require(URLComponents(string: postgresURL ?? "")?.port)
            let proxy = try await DelayProxy.start(targetPort: target, delay: 0, jitter: 0, restorable: true)
            var through = try #require(URLComponents(string: postgresURL ?? ""))
            through.port = proxy.port
            let log = LineLog()
            let a = try await Node.start(failedJoins: 2, through: through.string, logger: log.logger)
            let local = try a.server.lobby.createMatch(seed: 1)
            #expect(await eventually(seconds: 30) { await a.listed() == [local] })

            await proxy.cut()
            // The first call after the cut finds it down (at most the directory timeout later).
            #expect(await eventually(seconds: 30) { log.count("unreachable") == 1 })
            let asked = a.calls.requests
            var timings: [String: Duration] = [:]
            let clock = ContinuousClock()
            timings["list"] = await clock.measure { #expect(await a.listed() == [local]) }
            timings["create"] = try await clock.measure {
                let (status, code) = try await a.create()
                #expect(status == 201 && code.map { a.server.lobby.match(code: $0) != nil } == true)
            }
            timings["join"] = await clock.measure {
                let player = await answer(a.ws, .init(role: .player, code: local, name: "Ann"))
                #expect(player.welcome?.seat == 0)
                player.client?.close()
            }
            for guess in ["QQQQQQ", "QQQQQR", "QQQQQS"] {
                timings["unknown"] = await clock.measure {
                    let missed = await answer(a.ws, .init(role: .spectator, code: guess, name: "w"))
                    #expect(missed.error == "directory_unavailable", "\(guess): \(missed.error ?? "-")")
                }
            }
            #expect(a.calls.requests == asked, "nothing asked of a directory known to be down")
            print("with the directory down: \(timings)")

            try await proxy.restore()
            let restored = ContinuousClock.now
            #expect(await eventually(seconds: 60) { log.count("directory is back") == 1 })
            print("the directory found back \(ContinuousClock.now - restored) after it returned")
            #expect(log.count("unreachable") == 1)
            let lines = log.lines.withLock { $0 }
            #expect(lines.count == 2, "one line down, one back: \(lines)")
            // Back up: the directory is asked again.
            #expect(await a.listed().count == 2)
            #expect(a.calls.requests > asked)
            await a.stop()
            await proxy.stop()
        }
    }
}

/// Log lines at notice and above.
final class LineLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test.lines") { [self] _ in Handler(log: self) }
    }

    func count(_ text: String) -> Int { lines.withLock { $0.count { $0.contains(text) } } }

    struct Handler: LogHandler {
        let log: LineLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .notice

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}
