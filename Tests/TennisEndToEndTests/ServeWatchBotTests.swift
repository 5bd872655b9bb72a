import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// Drives the real binary as a script would: serve, create a match over HTTP, two bots, a headless spectator.
@Suite(.serialized, .heavy) struct ServeWatchBotTests {
    /// The spectator's snapshots come two ticks per write (`--spectator-batch 2`).
    @Test func scriptedMatchThroughTheRealBinary() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-\(UUID().uuidString).sqlite")
        let (server, output) = try TennisBinary.start(["serve", "--host", "127.0.0.1", "--port", "0",
                                                       "--db", database.path, "--spectator-batch", "2"])
        defer { server.terminate() }
        let port = try #require(try await TennisBinary.listeningPort(output))
        let wsBase = "ws://127.0.0.1:\(port)"

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/matches")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"format":"tiebreak"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
        let code = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["code"] as? String)

        let (botA, _) = try TennisBinary.start(["bot", code, "--server", wsBase, "--level", "1", "--seed", "1"])
        let (botB, _) = try TennisBinary.start(["bot", code, "--server", wsBase, "--level", "2", "--seed", "2"])
        defer {
            botA.terminate()
            botB.terminate()
        }
        let (status, printed) = try await TennisBinary.run(
            ["watch", code, "--server", wsBase, "--headless", "--seconds", "100", "--points", "1"], timeout: 150)
        #expect(status == 0)
        let json = try #require(printed.split(separator: "\n").last.map(String.init))
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let snapshots = try #require(stats["snapshots"] as? Int)
        let rate = try #require(stats["rate_hz"] as? Double)
        let ticksPerSnapshot = try #require(stats["ticks_per_snapshot"] as? Double)
        // A point takes some seconds (a serve alone is over a second of toss and flight).
        #expect(snapshots > 60, "a point at 60 Hz should deliver well over 60 snapshots")
        // The stream of play, not the once-a-second keyframe of a match at rest: counted in
        // ticks, not per second (a loaded machine ticks and delivers late, and a late tick is
        // still a tick). Unloaded it is every tick (1.0); a starved `tennis watch` falls behind
        // and the server drops lean snapshots for it (2.5–3 ticks a snapshot were seen with a
        // fifth of a core), as it should. That a batch of 2 holds back no tick is
        // `LoopFanoutTests.batchedSpectatorsGetTwoTicksPerWriteWhilePlayersGetEachTickAtOnce`.
        #expect(ticksPerSnapshot >= 1 && ticksPerSnapshot < 5, "\(ticksPerSnapshot) ticks per snapshot, \(rate)/s")
        print("headless watch: \(ticksPerSnapshot) ticks per snapshot, \(rate) snapshots/s")
        // Lean snapshots are 23 bytes; keyframes (score changes, once a second) and events add a little.
        let bytes = stats["bytes"] as? Int ?? 0
        #expect(bytes > snapshots * 23 && bytes < snapshots * 40, "\(bytes) bytes for \(snapshots) snapshots")
        #expect((stats["points_played"] as? Int ?? 0) == 1, "it stops after the point asked for: \(json)")
        #expect(stats["score"] is String)

        let (listStatus, listing) = try await TennisBinary.run(["list", "--server", wsBase])
        #expect(listStatus == 0)
        #expect(listing.contains(code))
    }

    @Test func badCommandLinesFailClearly() async throws {
        let (status, _) = try await TennisBinary.run(["join", "ABC234", "--server", "http://nope"])
        #expect(status != 0)
        let (formatStatus, _) = try await TennisBinary.run(["practice", "--format", "marathon"])
        #expect(formatStatus != 0)
        let (missing, _) = try await TennisBinary.run(["watch", "NOPE99", "--server", "ws://127.0.0.1:9", "--headless",
                                                       "--seconds", "1"])
        #expect(missing != 0)
        let (points, _) = try await TennisBinary.run(["watch", "ABC234", "--headless", "--points", "0"])
        #expect(points == 64)
        let (batch, _) = try await TennisBinary.run(["serve", "--port", "0", "--spectator-batch", "5"])
        #expect(batch == 64, "a usage error, before the server starts")
        let (rate, _) = try await TennisBinary.run(["serve", "--port", "0", "--spectator-rate", "45"])
        #expect(rate == 64)
        let (both, _) = try await TennisBinary.run(["serve", "--port", "0", "--spectator-rate", "30",
                                                    "--spectator-batch", "2"])
        #expect(both == 64)
    }
}
