import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct ConnectionGuardTests {
    func admission(total: Int = 3, perAddress: Int = 2, origins: [String] = [], failures: Int = 2) -> ConnectionGuard {
        ConnectionGuard(limits: .init(maxConnections: total, maxPerAddress: perAddress, allowedOrigins: origins,
                                      maxFailedJoinsPerMinute: failures))
    }

    @Test func limitsPerAddressAndInTotal() {
        let admission = admission()
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 0) == nil)
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 0) == nil)
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 0) == .tooManyFromAddress)
        #expect(admission.admit(peer: "b", origin: nil, nowMicros: 0) == nil)
        #expect(admission.admit(peer: "c", origin: nil, nowMicros: 0) == .serverFull)
        admission.release(peer: "a")
        #expect(admission.admit(peer: "c", origin: nil, nowMicros: 0) == nil)
        #expect(admission.openConnections == 3)
    }

    @Test func aGatewayAddressCountsInTheTotalButNotPerAddress() {
        let admission = ConnectionGuard(limits: .init(maxConnections: 4, maxPerAddress: 1, allowedOrigins: [],
                                                      maxFailedJoinsPerMinute: 1, maxPendingPerAddress: 1,
                                                      gatewayAddresses: ["127.0.0.1"]))
        for _ in 0..<3 {
            #expect(admission.admitTransport(peer: "127.0.0.1") == nil)
            admission.failedJoin(peer: "127.0.0.1", nowMicros: 0)
            #expect(admission.admit(peer: "127.0.0.1", origin: nil, nowMicros: 0) == nil)
        }
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 0) == nil)
        #expect(admission.admit(peer: "127.0.0.1", origin: nil, nowMicros: 0) == .serverFull, "the total still holds")
        #expect(admission.admitTransport(peer: "b") == nil)
        #expect(admission.admitTransport(peer: "b") == .tooManyFromAddress, "other addresses keep their limit")
    }

    @Test func originsOutsideTheAllowListAreRefused() {
        let admission = admission(origins: ["https://tennis.example"])
        #expect(admission.admit(peer: "a", origin: "https://evil.example", nowMicros: 0) == .originNotAllowed)
        #expect(admission.admit(peer: "a", origin: "https://tennis.example", nowMicros: 0) == nil)
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 0) == nil, "terminal clients send no origin")
    }

    @Test func failedJoinsAreCappedPerMinute() {
        let admission = admission(failures: 2)
        admission.failedJoin(peer: "a", nowMicros: 1_000_000)
        admission.failedJoin(peer: "a", nowMicros: 2_000_000)
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 3_000_000) == .tooManyFailedJoins)
        #expect(admission.admit(peer: "b", origin: nil, nowMicros: 3_000_000) == nil)
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 62_000_000) == nil, "a minute later it is allowed")
    }

    @Test func guessingJoinCodesIsThrottledOverTheWire() async throws {
        try await TestServer.with(ServerConfiguration(host: "127.0.0.1", port: 0, maxFailedJoinsPerMinute: 3)) { server in
            var codes: [String] = []
            for guess in 0..<4 {
                let recorder = Recorder()
                let client = GameClient.forTest(url: server.wsURL,
                                                hello: .init(role: .spectator, code: "GUESS\(guess)", name: "x"),
                                                pingInterval: 0, logger: quiet)
                await recorder.consume(client).value
                codes += recorder.read { $0.errors }
            }
            #expect(codes == ["not_found", "not_found", "not_found", "too_many_failed_joins"])
        }
    }

    /// A refusal decided before the hello is still delivered: the server waits for the client's
    /// first message (closing in the instant the upgrade completed raced the client's hello, and
    /// about one client in two hundred then waited forever).
    @Test func everyImmediateRefusalReachesItsClient() async throws {
        try await TestServer.with(ServerConfiguration(host: "127.0.0.1", port: 0, maxFailedJoinsPerMinute: 1)) { server in
            var outcomes: [String: Int] = [:]
            for guess in 0..<150 {
                let recorder = Recorder()
                await recorder.consume(GameClient.forTest(url: server.wsURL,
                                                          hello: .init(role: .spectator, code: "NOPE\(guess)", name: "x"),
                                                          pingInterval: 0, logger: quiet)).value
                let outcome = recorder.read { ($0.errors.first ?? "none") + " \($0.closed?.0.map(String.init) ?? "- \($0.closed?.1 ?? "")")" }
                outcomes[outcome, default: 0] += 1
            }
            #expect(outcomes == ["not_found \(WireProtocol.CloseCode.notFound)": 1,
                                 "too_many_failed_joins \(WireProtocol.CloseCode.tooMany)": 149])
        }
    }

    @Test func tooManyConnectionsFromOneAddressAreClosedWithAReason() async throws {
        try await TestServer.with(ServerConfiguration(host: "127.0.0.1", port: 0, maxConnectionsPerAddress: 1)) { server in
            let code = try server.lobby.createMatch(seed: 1)
            let first = Recorder()
            let firstClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "a"),
                                                 pingInterval: 0, logger: quiet)
            let firstTask = first.consume(firstClient)
            #expect(await first.until(seconds: 30) { $0.welcome != nil })
            let second = Recorder()
            await second.consume(GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "b"),
                                                    pingInterval: 0, logger: quiet)).value
            #expect(second.read { $0.errors } == ["too_many_connections"])
            #expect(second.read { $0.closed?.0 } == WireProtocol.CloseCode.tooMany)
            firstClient.close()
            await firstTask.value
        }
    }
}
