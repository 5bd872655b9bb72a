import Foundation
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// Private matches: unlisted, and only a hello with the invite secret gets in.
@Suite struct PrivateMatchTests {
    func attempt(_ server: TestServer, code: String, invite: String?, role: Role = .spectator) async
        -> Recorder
    {
        let recorder = Recorder()
        let client = GameClient.forTest(url: server.wsURL, hello: .init(role: role, code: code, name: "p", invite: invite),
                                        pingInterval: 0, logger: quiet)
        let task = recorder.consume(client)
        _ = await recorder.until(seconds: 30) { $0.welcome != nil || $0.closed != nil }
        client.close()
        _ = await task.value
        return recorder
    }

    @Test func onlyTheInviteGetsInAndTheMatchIsNotListed() async throws {
        try await TestServer.with() { server in
            let (code, invite) = try server.lobby.createPrivateMatch(seed: 3)
            let open = try server.lobby.createMatch(seed: 4)
            #expect(invite.count == 16)
            #expect(server.lobby.summaries().map(\.code) == [open])

            let without = await attempt(server, code: code, invite: nil)
            #expect(without.read { $0.errors } == ["not_found"], "indistinguishable from a wrong code")
            let wrong = await attempt(server, code: code, invite: String(invite.reversed()))
            #expect(wrong.read { $0.errors } == ["not_found"])
            let player = await attempt(server, code: code, invite: invite, role: .player)
            #expect(player.read { $0.welcome?.seat } == 0)
            let spectator = await attempt(server, code: code.lowercased(), invite: invite)
            #expect(spectator.read { $0.welcome?.code } == code)
            // A public match ignores an invite.
            let public_ = await attempt(server, code: open, invite: "whatever")
            #expect(public_.read { $0.welcome } != nil)
        }
    }

    @Test func theHTTPAPICreatesPrivateMatchesWithTheirSecret() async throws {
        try await TestServer.with() { server in
            let (status, body) = try await server.http("POST", "/api/matches", body: #"{"private":true}"#)
            #expect(status == 201)
            let created = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
            let code = try #require(created["code"]), invite = try #require(created["invite"])
            let (_, list) = try await server.http("GET", "/api/matches")
            #expect(!String(decoding: list, as: UTF8.self).contains(code))
            #expect(await attempt(server, code: code, invite: invite).read { $0.welcome } != nil)
        }
    }

    @Test func theInviteTravelsInTheHelloAndIsBounded() throws {
        let hello = ClientMessage.Hello(role: .player, code: "ABC234", name: "n", invite: "SECRET")
        #expect(try ClientMessage.decode(ClientMessage.hello(hello).encode()) == .hello(hello))
        let long = #"{"type":"hello","version":1,"role":"player","code":"ABC234","name":"n","invite":""# +
            String(repeating: "x", count: 65) + #""}"#
        #expect(throws: ProtocolError.self) { try ClientMessage.decode(long) }
    }
}
