import Foundation
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer
import TestSupport

/// Raw, hand-made WebSocket abuse (scripts/ws_malformed.py): every bad connection is closed,
/// none hangs, and a well-behaved spectator keeps receiving throughout.
@Suite(.heavy) struct MalformedFrameTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs one of the repository's scripts/ with python3 and returns its output.
    static func runScript(_ name: String, _ arguments: [String]) async throws -> Data {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/\(name)")
        let python = try #require(Self.python)
        return Data(try await runTool(python, [script.path] + arguments, errors: .inherited,
                                        timeout: .seconds(120)).output.utf8)
    }

    @Test(.enabled(if: python != nil, "needs python3"))
    func malformedFramesAreClosedAndOthersKeepPlaying() async throws {
        try await TestServer.with() { server in
            let code = try server.lobby.createMatch(seed: 4)
            let good = Recorder()
            let goodClient = GameClient.forTest(url: server.wsURL, hello: .init(role: .spectator, code: code, name: "ok"),
                                                pingInterval: 0, logger: quiet)
            let goodTask = good.consume(goodClient)
            #expect(await good.until(seconds: 30) { $0.snapshots > 0 })

            let data = try await Self.runScript("ws_malformed.py", [String(server.port), code])
            let results = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let expected: [String: Int] = [
                "unmasked": 1002, "unmasked_hello": 1002, "oversize_length": 1009, "too_large_message": 1009,
                "too_large_fragmented": 1009, "fragmented_ping": 1002, "invalid_utf8_text": 1007,
                "invalid_utf8_after_hello": 1007, "unknown_opcode": 1002, "reserved_bits": 1002,
                "reserved_bits_on_ping": 1002, "reserved_bits_on_close": 1002, "continuation_without_start": 1002,
                "deep_json_hello": Int(WireProtocol.CloseCode.protocolError),
                "deep_json_after_hello": Int(WireProtocol.CloseCode.protocolError),
                "flood_before_hello": Int(WireProtocol.CloseCode.tooMany),
            ]
            #expect(results.count == expected.count + 1, "every case reported: \(results)")
            for result in results {
                let name = result["case"] as? String ?? "?"
                #expect(result["ended"] as? Bool == true, "\(name) must end, not hang: \(result)")
            }
            let byCase = Dictionary(uniqueKeysWithValues: results.map { ($0["case"] as? String ?? "", $0["close"] as? Int) })
            for (name, code) in expected {
                #expect(byCase[name] == code, "\(name) closes with \(code) (RFC 6455 §7.4.1): got \(String(describing: byCase[name]))")
            }

            // The match waits for players, so it sends a heartbeat keyframe a second
            // (`idleKeyframeSeconds`): two more after the probe show the server still serves it.
            let after = good.read { $0.snapshots }
            #expect(await good.until(seconds: 30) { $0.snapshots >= after + 2 }, "the match went on")
            #expect(good.read { $0.closed } == nil)
            goodClient.close()
            await goodTask.value
        }
    }

    /// A request head sent a byte at a time is cut off at the handshake timeout, though every byte
    /// would reset an idle timer; other clients are served meanwhile.
    @Test(.enabled(if: python != nil, "needs python3"))
    func aSlowlorisHeadIsCutOff() async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.handshakeTimeoutSeconds = 1
        try await TestServer.with(settings) { server in
            let data = try await Self.runScript("slowloris.py", [String(server.port), "8"])
            let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(data)")
            #expect(result["closed_by_server"] as? Bool == true, "\(result)")
            #expect((result["bytes_sent"] as? Int ?? 99) < 30, "cut off long before the script gave up: \(result)")
            #expect(result["answer"] as? String == "HTTP/1.1 408 Request Timeout", "\(result)")
            let (status, _) = try await server.http("GET", "/healthz")
            #expect(status == 200)
        }
    }
}
