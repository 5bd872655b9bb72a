import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// A graceful shutdown (what SIGTERM starts) tells every client why, with close 4503.
@Suite struct ShutdownTests {
    @Test func clientsHearServerShutdownNotABareClose() async throws {
        // TestServer runs `makeServerGroup`, as `tennis serve` does, and stops it gracefully.
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 2)
        let watcher = Recorder()
        let client = GameClient.connect(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "w"),
                                        pingInterval: 0, logger: quiet)
        let watching = watcher.consume(client)
        #expect(await eventually(seconds: 30) { watcher.read { $0.snapshots > 0 } })
        let stopped = Task { try await server.stopReportingErrors() }
        await watching.value
        #expect(watcher.read { $0.closed?.0 } == WireProtocol.CloseCode.serverShutdown,
                "\(String(describing: watcher.read { $0.closed }))")
        try await stopped.value
    }
}
