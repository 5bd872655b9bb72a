import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// The match database through the real binary: a finished match survives `kill -9` of the server.
@Suite(.serialized, .heavy) struct HistoryPersistenceTests {
    @Test func aFinishedMatchSurvivesKillNineOfTheServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data/tennis.sqlite").path
        let (server, output) = try TennisBinary.start(["serve", "--host", "127.0.0.1", "--port", "0", "--db", db,
                                                       "--reconnect-grace", "1"])
        var bots: [Process] = []
        defer {
            if server.exitStatus == nil { kill(server.processIdentifier, SIGKILL) }
            for bot in bots where bot.exitStatus == nil { bot.terminate() }
        }
        let port = try #require(try await TennisBinary.listeningPort(output))
        let ws = "ws://127.0.0.1:\(port)"

        // Match 1: Bob's bot is killed, so Ann wins by forfeit after the 1 s grace.
        let first = try await TennisBinary.createMatch(port: port)
        let (ann, _) = try TennisBinary.start(["bot", first, "--server", ws, "--name", "Ann", "--seed", "1"])
        let (bob, _) = try TennisBinary.start(["bot", first, "--server", ws, "--name", "Bob", "--seed", "2"])
        bots += [ann, bob]
        // Both seated and playing: Bob's leaving is then a forfeit.
        #expect(await waitUntil(seconds: 30) { await TennisBinary.state(of: first, port: port) == "playing" })
        bob.terminate()
        var listed: [[String: Any]] = []
        for _ in 0..<100 where listed.isEmpty {
            try await Task.sleep(for: .milliseconds(200))
            listed = try await history(db: db)
        }
        #expect(listed.count == 1, "the forfeited match should be recorded")
        // The same record read over HTTP from the server (as on a cluster node, where it spans the cluster).
        let (statsStatus, stats) = try await TennisBinary.run(["stats", "--player", "ann", "--server", ws, "--json"])
        #expect(statsStatus == 0, "\(stats)")
        let record = try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Any]
        #expect(record?["name"] as? String == "Ann")
        #expect(record?["wins"] as? Int == 1)
        #expect((record?["rating"] as? Double ?? 0) > 1500)
        let (unpaired, _) = try await TennisBinary.run(["stats", "--server", ws])
        #expect(unpaired != 0, "--server needs --player")

        // Match 2: in progress when the server dies.
        let second = try await TennisBinary.createMatch(port: port)
        let (cid, _) = try TennisBinary.start(["bot", second, "--server", ws, "--name", "Cid", "--seed", "3"])
        let (dee, _) = try TennisBinary.start(["bot", second, "--server", ws, "--name", "Dee", "--seed", "4"])
        bots += [cid, dee]
        #expect(await waitUntil(seconds: 30) { await TennisBinary.state(of: second, port: port) == "playing" })
        #expect(await server.stop(SIGKILL) == 128 + SIGKILL)

        listed = try await history(db: db)
        #expect(listed.count == 1)
        let match = try #require(listed.first)
        #expect(match["code"] as? String == first)
        #expect(Set(match["players"] as? [String] ?? []) == ["Ann", "Bob"])  // seats go to whoever connects first
        #expect(match["winner"] as? String == "Ann")
        #expect(match["ending"] as? String == "forfeit")
        #expect(match["score"] is String)
        #expect(match["ended"] is String)
        let id = try #require(match["id"] as? Int)

        let (verifyStatus, verified) = try await TennisBinary.run(["replay", String(id), "--db", db, "--verify"])
        #expect(verifyStatus == 0)
        #expect(verified.hasPrefix("verified match \(id): "))
        #expect(verified.contains("Ann") && verified.contains("Bob"))

        let file = folder.appendingPathComponent("shared.ttr").path
        let (exportStatus, exported) = try await TennisBinary.run(["export", String(id), file, "--db", db])
        #expect(exportStatus == 0, "\(exported)")
        let (fileStatus, fromFile) = try await TennisBinary.run(["replay", file, "--verify"])
        #expect(fileStatus == 0)
        #expect(fromFile.hasPrefix("verified shared.ttr: "))
        #expect(fromFile.split(separator: ",").first == verified.split(separator: ",").first.map { $0.replacing("match \(id)", with: "shared.ttr") })
    }

    /// SIGTERM stops the server gracefully: a match in progress is in the file afterwards, as
    /// abandoned, with a replay that replays.
    @Test func aMatchInProgressIsRecordedAsAbandonedOnSIGTERM() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("tennis.sqlite").path
        let (server, output) = try TennisBinary.start(["serve", "--host", "127.0.0.1", "--port", "0", "--db", db])
        var bots: [Process] = []
        defer {
            if server.exitStatus == nil { kill(server.processIdentifier, SIGKILL) }
            for bot in bots where bot.exitStatus == nil { bot.terminate() }
        }
        let port = try #require(try await TennisBinary.listeningPort(output))
        let ws = "ws://127.0.0.1:\(port)"
        let code = try await TennisBinary.createMatch(port: port)
        for (name, seed) in [("Eva", "5"), ("Finn", "6")] {
            bots.append(try TennisBinary.start(["bot", code, "--server", ws, "--name", name, "--seed", seed]).0)
        }
        // In play for a moment: a second of ticks for the replay to replay.
        #expect(await waitUntil(seconds: 30) { await TennisBinary.state(of: code, port: port) == "playing" })
        try await Task.sleep(for: .seconds(1))
        #expect(await server.stop(grace: .seconds(30)) == 0)

        let listed = try await history(db: db)
        #expect(listed.count == 1)
        let match = try #require(listed.first)
        #expect(match["code"] as? String == code)
        #expect(match["ending"] as? String == "abandoned")
        #expect(match["winner"] == nil)
        #expect(Set(match["players"] as? [String] ?? []) == ["Eva", "Finn"])
        let id = try #require(match["id"] as? Int)
        let (verifyStatus, verified) = try await TennisBinary.run(["replay", String(id), "--db", db, "--verify"])
        #expect(verifyStatus == 0, "\(verified)")
        #expect(verified.hasPrefix("verified match \(id): "))
    }

    private func history(db: String) async throws -> [[String: Any]] {
        let (status, printed) = try await TennisBinary.run(["history", "--db", db, "--json"])
        #expect(status == 0)
        return try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [[String: Any]] ?? []
    }
}
