import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import ServiceLifecycle
@testable import TennisServer
import TennisRecords

/// A real server on an ephemeral loopback port, for one test.
struct TestServer {
    let lobby: Lobby
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// A loopback server's settings for tests that ask for nothing else.
    static let settings = ServerConfiguration(host: "127.0.0.1", port: 0)

    /// `settings` with the hello and the WebSocket handshake given 30 s (not 5 and 10) where the
    /// test left them as they were: a client on a loaded test machine can take seconds to
    /// connect or to sign a hello (scripts/identity_client.py's pure-Python Ed25519 among them),
    /// as `TestLink` waits longer on the client's side. Tests of these timeouts set their own.
    static func patient(_ settings: ServerConfiguration) -> ServerConfiguration {
        var settings = settings
        let defaults = ServerConfiguration()
        if settings.helloTimeoutSeconds == defaults.helloTimeoutSeconds { settings.helloTimeoutSeconds = 30 }
        if settings.handshakeTimeoutSeconds == defaults.handshakeTimeoutSeconds { settings.handshakeTimeoutSeconds = 30 }
        return settings
    }

    var wsURL: String { "ws://127.0.0.1:\(port)/ws" }
    var httpBase: String { "http://127.0.0.1:\(port)" }

    /// - Parameter ticks: steps the matches by hand (nil: the real 60 Hz driver).
    static func start(_ settings: ServerConfiguration = TestServer.settings,
                      archive: (any MatchArchive)? = nil, ticks: ManualTicks? = nil) async throws -> TestServer
    {
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let settings = patient(settings)
        let lobby = Lobby(settings: settings, logger: logger, archive: archive, ticks: ticks ?? TickDriver.shared)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        // As `tennis serve` runs: on stop, the lobby says 4503 to every client before the HTTP server goes.
        let group = try makeServerGroup(settings, lobby: lobby, logger: logger, handlesSignals: false) { sink.yield($0) }
        let task = Task {
            defer { sink.finish() }
            try await group.run()
        }
        for await port in ports { return TestServer(lobby: lobby, port: port, group: group, task: task) }
        try await task.value
        throw CancellationError()
    }

    /// Runs `body` against a fresh server and awaits the server's shutdown afterwards, whether
    /// the body returned or threw.
    static func with<T>(_ settings: ServerConfiguration = TestServer.settings,
                        archive: (any MatchArchive)? = nil, ticks: ManualTicks? = nil,
                        _ body: (TestServer) async throws -> T) async throws -> T {
        let server = try await start(settings, archive: archive, ticks: ticks)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    func stop() async {
        _ = try? await stopReportingErrors()
    }

    /// Stops the server gracefully; throws what the server's services threw on the way down.
    func stopReportingErrors() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// The value of one of this server's metrics with no labels (`tennis_late_ticks_total`), as
    /// `/metrics` shows it; 0 if it shows none.
    func metric(_ name: String) -> Double {
        lobby.metrics.exposition().split(separator: "\n").first { $0.hasPrefix(name + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    /// An HTTP request to this server: status and body.
    func http(_ method: String, _ path: String, body: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: httpBase + path)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}

