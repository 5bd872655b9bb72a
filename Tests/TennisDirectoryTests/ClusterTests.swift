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

@testable import TennisDirectory
@testable import TennisServer
import PostgresNIO

extension WithPostgres {
    /// Three nodes on loopback sharing a real PostgreSQL directory.
    @Suite
    struct ClusterTests {
        @Test func nodesListEachOthersMatchesSendClientsToTheOwnerAndForgetADeadNode() async throws {
            try await emptyDirectory()
            let a = try await Node.start(), b = try await Node.start(), c = try await Node.start()
            defer { for node in [a, c] { node.server.stop(); node.directory.close() } }
            let onA = try a.server.lobby.createMatch(seed: 1)
            let onB = try b.server.lobby.createMatch(seed: 2)
            let secret = try b.server.lobby.createPrivateMatch(seed: 3)

            // Every node lists every public match.
            for node in [a, b, c] {
                let listsBoth = await eventually(seconds: 30) { Set(await node.listed()) == [onA, onB] }
                let listed = await node.listed()
                #expect(listsBoth, "\(listed)")
            }

            // Watching A's match through C: C sends the client to A, which welcomes it.
            let seen = Watched((welcome: String?.none, snapshots: 0))
            let watcher = MatchSessionStream.forTest(url: c.ws, hello: .init(role: .spectator, code: onA, name: "w"),
                                                  pingInterval: 0, logger: quiet)
            let reading = Task {
                for await event in watcher.events {
                    if case .welcome(let w) = event { seen.update { $0.welcome = w.code } }
                    if case .snapshot = event { seen.update { $0.snapshots += 1 } }
                }
                seen.finish()
            }
            #expect(await seen.until { $0.welcome == onA })
            // A private match is found through another node too, but only with its secret.
            let privateWelcome = Watched(String?.none)
            let privateWatcher = MatchSessionStream.forTest(
                url: a.ws, hello: .init(role: .spectator, code: secret.code, name: "p", invite: secret.invite),
                pingInterval: 0, logger: quiet)
            let privateReading = Task {
                for await event in privateWatcher.events {
                    if case .welcome(let w) = event { privateWelcome.update { $0 = w.code } }
                }
                privateWelcome.finish()
            }
            #expect(await privateWelcome.until { $0 == secret.code })
            privateWatcher.close()
            await privateReading.value

            // B dies without a goodbye: its directory link goes first, then the server.
            b.directory.close()
            b.server.stop()
            let forgotten = await eventually(seconds: Double(PostgresDirectory.liveSeconds) + 20) { await a.listed() == [onA] }
            #expect(forgotten, "B's match leaves the listings")
            let before = seen.read { $0.snapshots }
            // Nobody plays A's match: it is served a heartbeat keyframe a second.
            #expect(await seen.until { $0.snapshots > before + 2 }, "A serves on")
            let onC = await c.listed()
            #expect(onC == [onA])

            // A new match goes to the least-loaded node: asked of A (one spectator), C (none) gets it.
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(a.server.port)/api/matches")!)
            request.httpMethod = "POST"
            request.httpBody = Data(#"{"format":"tiebreak"}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 201)
            let placed = try #require((try JSONSerialization.jsonObject(with: data) as? [String: String])?["code"])
            #expect(c.server.lobby.match(code: placed) != nil, "placed on C")
            #expect(a.server.lobby.match(code: placed) == nil)
            watcher.close()
            await reading.value
        }

        @Test func postgreSQLCancelsANodesStatementThatRunsPastItsLimit() async throws {
            let directory = try await PostgresDirectory.connect(url: postgresURL ?? "", publicURL: "", logger: quiet,
                                                                statementSeconds: 0.3)
            defer { directory.close() }
            let rows = try await directory.client.query("SHOW statement_timeout", logger: quiet)
            var shown: [String] = []
            for try await (value) in rows.decode(String.self) { shown.append(value) }
            #expect(shown == ["300ms"])
            let error = await #expect(throws: PSQLError.self) {
                for try await _ in try await directory.client.query("SELECT pg_sleep(5)", logger: quiet) {}
            }
            // 57014: query_canceled, what a statement timeout raises.
            #expect(error?.serverInfo?[.sqlState] == "57014")
        }

        @Test func aBadDirectoryURLIsRefusedWithTheReason() async throws {
            await #expect(throws: DirectoryError.self) {
                _ = try await PostgresDirectory.connect(url: "mysql://x", publicURL: "", logger: quiet)
            }
        }
    }
}
