import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// A private match's record and replay, through the real binary: kept when the server stops,
/// shown over HTTP only with the invite, and otherwise exactly like a match that never was.
@Suite(.serialized, .heavy) struct PrivateHistoryTests {
    @Test func aPrivateMatchsRecordAndReplayNeedItsInvite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("tennis.sqlite").path
        var (server, port) = try await serve(db: db)
        var bots: [Process] = []
        defer {
            if server.exitStatus == nil { kill(server.processIdentifier, SIGKILL) }
            for bot in bots where bot.exitStatus == nil { bot.terminate() }
        }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/matches")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"format":"tiebreak","private":true}"#.utf8)
        let (created, _) = try await URLSession.shared.data(for: request)
        let answer = try #require(try JSONSerialization.jsonObject(with: created) as? [String: String])
        let code = try #require(answer["code"]), invite = try #require(answer["invite"])
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        for (name, seed) in [("Gus\(tag)", "7"), ("Hal\(tag)", "8")] {
            bots.append(try TennisBinary.start(["bot", code, "--server", "ws://127.0.0.1:\(port)", "--name", name,
                                                "--seed", seed, "--invite", invite]).0)
        }
        // A private match is not listed: a spectator with the invite tells when a point is on the board.
        var score = "0-0"
        for _ in 0..<30 where score == "0-0" {
            let (_, printed) = try await TennisBinary.run(
                ["watch", code, "--server", "ws://127.0.0.1:\(port)", "--invite", invite, "--headless",
                 "--seconds", "2"])
            let summary = printed.split(separator: "\n").last.map { Data($0.utf8) } ?? Data()
            score = (try? JSONSerialization.jsonObject(with: summary) as? [String: Any])?["score"] as? String ?? "0-0"
        }
        #expect(score != "0-0", "no point was played")
        // Stopped gracefully, then started again on the same file: the abandoned match is kept.
        await stop(server)
        (server, port) = try await serve(db: db)
        let base = "http://127.0.0.1:\(port)/api"

        // Without the invite (or with a wrong one) the answer is that of a code nobody ever used.
        for (id, query) in [(code, ""), (code, "?invite=WRONG"), (code.lowercased(), "")] {
            let (status, body) = try await get("\(base)/matches/\(id)\(query)")
            #expect(status == 404)
            #expect(String(decoding: body, as: UTF8.self) == #"{"error":"no finished match '\#(id)'"}"#)
        }
        let (status, body) = try await get("\(base)/matches/\(code)?invite=\(invite)")
        #expect(status == 200)
        let match = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(match["ending"] as? String == "abandoned")
        let id = try #require(match["id"] as? Int)
        #expect(try await get("\(base)/matches/\(id)").0 == 404)
        #expect(try await get("\(base)/matches/\(id)/replay").0 == 404)
        #expect(try await get("\(base)/matches/\(id)/replay?invite=\(invite)").0 == 200)
        #expect(try await get("\(base)/players/gus\(tag)").0 == 404, "a private match is in no player's record")

        let ws = "ws://127.0.0.1:\(port)"
        let (verifyStatus, verified) = try await TennisBinary.run(
            ["replay", code, "--server", ws, "--invite", invite, "--verify"])
        #expect(verifyStatus == 0, "\(verified)")
        #expect(verified.hasPrefix("verified \(code): "))
        let (refused, _) = try await TennisBinary.run(["replay", code, "--server", ws, "--verify"])
        #expect(refused != 0)
        // The file's owner sees it in the local history.
        let (_, history) = try await TennisBinary.run(["history", "--db", db, "--json"])
        #expect(history.contains(code))
        await stop(server)
    }

    /// SIGTERM, and the exit.
    private func stop(_ server: Process) async {
        await server.stop(grace: .seconds(30))
    }

    private func serve(db: String) async throws -> (Process, String) {
        let (server, output) = try TennisBinary.start(["serve", "--host", "127.0.0.1", "--port", "0", "--db", db])
        let port = try #require(try await TennisBinary.listeningPort(output))
        return (server, port)
    }

    private func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
