import Foundation
import TennisRecords
import Testing

@testable import TennisServer

/// The identity handshake as a client written from docs/PROTOCOL.md does it
/// (scripts/identity_client.py: RFC 8032's reference Ed25519 and hand-made WebSocket frames).
@Suite struct IdentityDocTests {
    @Test(.enabled(if: MalformedFrameTests.python != nil, "needs python3"))
    func aClientWrittenFromTheDocSignsInAndClaimsItsName() async throws {
        try await TestServer.with { server in
            let code = try server.lobby.createMatch(seed: 9)
            let output = try await MalformedFrameTests.runScript("identity_client.py", [String(server.port), code, "Doc"])
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            try #require(lines.count == 2, "\(String(decoding: output, as: UTF8.self))")
            #expect(lines[0]["seat"] as? Int == 0)
            #expect(lines[0]["anonymous"] as? [Bool] == [false, false])
            // The fingerprint the doc says how to compute is the one the server claimed the name for.
            let fingerprint = try #require(lines[0]["fingerprint"] as? String)
            #expect(try await server.lobby.claims.claim(name: "doc", fingerprint: fingerprint) == .owned(newly: false))
            #expect(lines[1]["error"] as? String == "name_claimed")
            #expect(lines[1]["close"] as? Int == 4403)
        }
    }
}
