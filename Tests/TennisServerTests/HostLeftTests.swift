import Synchronization
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
        let seen = Mutex<[String]>([])
        let connection = MatchSessionStream.connect(
            url: server.wsURL, hello: .init(role: .spectator, code: code, name: "fan"),
            retry: .init(firstDelay: 0.1, maxDelay: 0.2, giveUpAfter: 60), pingInterval: 0, logger: quiet)
        let reader = Task {
            for await event in connection.events {
                switch event {
                case .welcome: seen.withLock { $0.append("welcome") }
                case .opened: seen.withLock { $0.append("opened") }
                case .closed(let code, let reason): seen.withLock { $0.append("closed \(code ?? 0) \(reason ?? "-")") }
                default: break
                }
            }
        }
        #expect(await eventually(seconds: 30) { seen.withLock { $0.contains("welcome") } })
        await server.stop()
        await reader.value  // the stream ends: no retry loop keeps it open
        #expect(seen.withLock { $0 } == ["opened", "welcome", "closed 4503 the host left"])
    }
}
