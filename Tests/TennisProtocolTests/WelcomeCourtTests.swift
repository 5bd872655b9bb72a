import TennisCore
import Testing

@testable import TennisProtocol

/// The welcome carries the surface's physics, so a client predicts with the server's numbers
/// even when either side has customised `surfaces.json` (one source of truth for the court).
@Suite struct WelcomeCourtTests {
    @Test func theServersNumbersWinOverTheClientsPresets() throws {
        let ice = Surface(name: "hard", restitution: 0.5, horizontalRetention: 0.9)
        let welcome = ServerMessage.Welcome(code: "K7QM2P", seat: 0, token: nil, format: "short", surface: "hard",
                                            tickRate: 60, court: .init(ice))
        guard case .welcome(let decoded) = try ServerMessage.decode(ServerMessage.welcome(welcome).encode()) else {
            Issue.record("not a welcome")
            return
        }
        #expect(decoded.courtSurface == ice, "not the client's preset for 'hard'")
    }

    @Test func olderServersAndNonsenseFallBackToThePreset() {
        var welcome = ServerMessage.Welcome(code: "K7QM2P", seat: nil, token: nil, format: "short", surface: "clay",
                                            tickRate: 60)
        #expect(welcome.courtSurface == .clay)
        welcome.court = .init(Surface(name: "clay", restitution: 7, horizontalRetention: -1))
        #expect(welcome.courtSurface == .clay)
        welcome.surface = "lava"
        welcome.court = nil
        #expect(welcome.courtSurface == .hard)
    }
}
