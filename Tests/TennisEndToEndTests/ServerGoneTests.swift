import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// Headless clients whose server goes away before the match ends exit non-zero and say why
/// (they used to print "stopped" / a summary and exit 0, which a script took for success).
@Suite(.serialized, .heavy) struct ServerGoneTests {
    @Test func botAndHeadlessWatchFailWhenTheirServerStops() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-\(UUID().uuidString).sqlite")
        let (server, output) = try TennisBinary.start(["serve", "--host", "127.0.0.1", "--port", "0", "--db", database.path])
        defer { server.terminate() }
        let port = try #require(try await TennisBinary.listeningPort(output))
        let wsBase = "ws://127.0.0.1:\(port)"
        let code = try await TennisBinary.createMatch(port: port, body: #"{"format":"best-of-3"}"#)

        let botA = try Watched(["bot", code, "--server", wsBase, "--seed", "1"])
        let botB = try Watched(["bot", code, "--server", wsBase, "--seed", "2"])
        let watch = try Watched(["watch", code, "--server", wsBase, "--headless", "--seconds", "120"])
        // Wait until the match is being played and watched (the watcher's process may start
        // after the bots'), then stop the server (SIGTERM: graceful).
        #expect(await waitUntil(seconds: 30) {
            guard let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/matches")!),
                  let listed = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
                  let match = listed.first(where: { $0["code"] as? String == code }) else { return false }
            return match["state"] as? String == "playing" && match["spectators"] as? Int == 1
        })
        server.terminate()
        for (name, client) in [("bot A", botA), ("bot B", botB), ("watch", watch)] {
            let (status, errors) = await client.finish(timeout: 90)
            #expect(status != 0, "\(name) must fail when its server is gone: \(errors)")
            #expect(errors.contains("shutting down") || errors.contains("closed") || errors.contains("lost"),
                    "\(name) says why: \(errors)")
        }
    }
}

/// A `tennis` process whose stderr is kept, for clients that must explain a failure.
final class Watched: Sendable {
    let process: Process
    let errors: PipeDrain

    init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = TennisBinary.url
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.spawn()
        errors = PipeDrain(pipe)
    }

    /// Waits for the exit (killing it after `timeout`); its status and what it wrote to stderr.
    func finish(timeout: Double) async -> (Int32, String) {
        (await process.ended(within: .seconds(timeout)), await errors.all(within: .seconds(5)))
    }
}

/// Polls `condition` until it holds or `seconds` pass (for states only HTTP can show).
func waitUntil(seconds: Double, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return false
}
