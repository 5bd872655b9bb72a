import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// When the player hosting a match quits, the others hear "the host left" at once and do not
/// spend the reconnect budget on a server that is gone; a finished match's spectators likewise.
@Suite struct HostLeftTests {
    @Test func theOthersHearTheHostLeftAndDoNotRetry() async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.shutdownReason = WireProtocol.CloseReason.hostLeft
        let server = try await TestServer.start(settings)
        let code = try server.lobby.createMatch(seed: 5)
        let connection = MatchSessionStream.forTest(
            url: server.wsURL, hello: .init(role: .spectator, code: code, name: "fan"),
            retry: .init(firstDelay: 0.1, maxDelay: 0.2, giveUpAfter: 60), pingInterval: 0, logger: quiet)
        var log = EventLog(connection.events)
        #expect(await log.read(until: "welcome"))
        await server.stop()
        // The stream ends: no retry loop keeps it open.
        _ = await log.read(until: nil)
        #expect(log.seen == ["opened", "welcome", "closed 4503 the host left"])
    }
}
