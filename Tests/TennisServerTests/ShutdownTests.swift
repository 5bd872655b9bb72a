import Logging
import ServiceLifecycle
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// A graceful shutdown (what SIGTERM starts) tells every client why, with close 4503.
@Suite struct ShutdownTests {
    @Test func clientsHearServerShutdownNotABareClose() async throws {
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        let lobby = Lobby(settings: settings, logger: logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let group = try makeServerGroup(settings, lobby: lobby, logger: logger, handlesSignals: false) { sink.yield($0) }
        let running = Task { try await group.run() }
        var port = 0
        for await first in ports {
            port = first
            break
        }
        let code = try lobby.createMatch(seed: 2)
        let watcher = Recorder()
        let client = GameClient.connect(url: "ws://127.0.0.1:\(port)/ws", hello: .init(role: .spectator, code: code, name: "w"),
                                        pingInterval: 0, logger: quiet)
        let watching = watcher.consume(client)
        #expect(await eventually(seconds: 30) { watcher.read { $0.snapshots > 0 } })
        await group.triggerGracefulShutdown()
        await watching.value
        #expect(watcher.read { $0.closed?.0 } == WireProtocol.CloseCode.serverShutdown,
                "\(String(describing: watcher.read { $0.closed }))")
        try await running.value
    }
}
