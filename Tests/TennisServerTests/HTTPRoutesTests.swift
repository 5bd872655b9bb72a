import Foundation
import TennisClient
import Testing

@Suite struct HTTPRoutesTests {
    @Test func metricsAreExposedForPrometheus() async throws {
        try await TestServer.with() { server in
            _ = try server.lobby.createMatch(seed: 1)
            let recorder = Recorder()
            await recorder.consume(GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: "NOPE22", name: "x"),
                                                      pingInterval: 0, logger: quiet)).value
            let (status, body) = try await server.http("GET", "/metrics")
            let text = String(decoding: body, as: UTF8.self)
            #expect(status == 200)
            for line in ["tennis_matches 1", "tennis_rejections_total{reason=\"not_found\"} 1", "# TYPE tennis_tick_duration_seconds histogram",
                         "# TYPE tennis_connections gauge", "# TYPE tennis_messages_in_total counter"] {
                #expect(text.contains(line), "\(line) in:\n\(text)")
            }
        }
    }

    @Test func healthListAndCreate() async throws {
        try await TestServer.with() { server in
            let (health, _) = try await server.http("GET", "/healthz")
            #expect(health == 200)

            let (created, body) = try await server.http("POST", "/api/matches", body: #"{"format":"tiebreak","surface":"clay"}"#)
            #expect(created == 201)
            let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
            let code = try #require(object?["code"] as? String)
            #expect(code.count == 6)

            let (listed, listBody) = try await server.http("GET", "/api/matches")
            #expect(listed == 200)
            let items = try #require(try JSONSerialization.jsonObject(with: listBody) as? [[String: Any]])
            let item = try #require(items.first { $0["code"] as? String == code })
            #expect(item["players"] as? [String] == [])
            #expect(item["spectators"] as? Int == 0)
            #expect(item["state"] as? String == "waiting")
            #expect(item["format"] as? String == "tiebreak")
        }
    }

    @Test func badCreateRequestsAreRefusedClearly() async throws {
        try await TestServer.with() { server in
            let (status, body) = try await server.http("POST", "/api/matches", body: #"{"format":"marathon"}"#)
            #expect(status == 400)
            #expect(String(decoding: body, as: UTF8.self).contains("unknown format"))
            let (garbage, _) = try await server.http("POST", "/api/matches", body: "{{{")
            #expect(garbage == 400)
            let (empty, _) = try await server.http("POST", "/api/matches")
            #expect(empty == 201)
        }
    }
}
