import Foundation
import Synchronization
import TennisClient
import TennisCore
import TennisProtocol
import Testing
import TestSupport

@testable import TennisServer

@Suite struct ReconnectionTests {
    @Test func aPlayerWhoDropsGetsTheSeatBackWithItsTokenAndInputsCountAgain() throws {
        var room = MatchRoom(config: MatchConfig(seed: 1), graceSeconds: 30, maxSpectators: 10)
        let (_, token) = try room.seat(name: "A", token: nil, connection: ConnectionID(value: 1))
        _ = try room.seat(name: "B", token: nil, connection: ConnectionID(value: 2))
        room.apply(InputFrame(sequence: 900, input: PlayerInput(moveX: 1)), seat: 0)
        room.disconnect(ConnectionID(value: 1), seat: 0)
        var events: [MatchEvent] = []
        for _ in 0..<61 { events += room.tick().events }
        #expect(room.graceLeft == [29, nil])
        _ = try room.seat(name: "A", token: token, connection: ConnectionID(value: 3))
        #expect(room.graceLeft == [nil, nil])
        room.apply(InputFrame(sequence: 1, input: PlayerInput(moveX: -1)), seat: 0)
        #expect(room.held.left.moveX == -1, "the new connection's first input is applied")
    }

    @Test func aConnectionArrivingWhileTheServerStopsHearsItIsShuttingDownNotThatItsMatchIsGone() async throws {
        try await TestServer.with { server in
            let code = try server.lobby.createMatch(seed: 1)
            // As between the lobby's goodbyes and the HTTP server's end.
            server.lobby.stopping.store(true, ordering: .releasing)
            let connection = MatchSessionStream.forTest(
                url: server.wsURL, hello: .init(role: .spectator, code: code, name: "S"),
                retry: .init(firstDelay: 0.1, maxDelay: 0.2, giveUpAfter: 60), pingInterval: 0, logger: quiet)
            var log = EventLog(connection.events)
            _ = await log.read(until: nil)
            #expect(log.seen == ["opened", "closed \(WireProtocol.CloseCode.serverShutdown) server shutting down"])
        }
    }

    @Test func theClientRetriesAfterALostLinkAndStopsOnARefusal() async throws {
        // A port below the kernel's ephemeral range (32768 and up), so that no client's local
        // port can take it while the server is down.
        var started: TestServer?
        for _ in 0..<50 where started == nil {
            started = try? await TestServer.start(ServerConfiguration(host: "127.0.0.1", port: Int.random(in: 20_000..<32_000)))
        }
        let first = try #require(started)
        let port = first.port
        let code = try first.lobby.createMatch(seed: 1)
        let connection = MatchSessionStream.forTest(
            url: first.wsURL, hello: .init(role: .spectator, code: code, name: "S"),
            retry: .init(firstDelay: 0.1, maxDelay: 0.2, giveUpAfter: 60), pingInterval: 0, logger: quiet)
        var log = EventLog(connection.events)
        #expect(await log.read(until: "welcome"))
        await first.stop()
        // The server said it is restarting (4503 "server shutting down"): the session retries.
        #expect(await log.read(until: "closed \(WireProtocol.CloseCode.serverShutdown)"))
        // A server comes back on the same port, but without the match: the refusal is final.
        // Retried for a moment in case the old listener is not quite gone.
        var restarted: TestServer?
        var refusal = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while restarted == nil, ContinuousClock.now < deadline {
            do {
                restarted = try await TestServer.start(ServerConfiguration(host: "127.0.0.1", port: port))
            } catch {
                refusal = "\(error)"
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        if restarted == nil { print("port \(port) stayed taken (\(refusal)); on it: \(await Self.sockets(port: port))") }
        let second = try #require(restarted, "port \(port) stayed taken (\(refusal))")
        _ = await log.read(until: nil)
        #expect(log.seen.filter { $0 == "opened" }.count >= 2, "it came back: \(log.seen)")
        #expect(log.seen.contains("error not_found"))
        #expect(log.seen.last?.hasPrefix("closed \(WireProtocol.CloseCode.notFound)") == true, "\(log.seen)")
        await second.stop()
    }

    /// What `ss` lists on a local port, to say what held it.
    static func sockets(port: Int) async -> String {
        (try? await runTool("/bin/sh", ["-c", "ss -tanp 2>&1 | grep ':\(port) ' || true"]).output) ?? "(ss did not run)"
    }
}
