import Foundation
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The real `tennis` executable that `swift build` put beside the test bundle.
enum TennisBinary {
    static var url: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The runner may sit inside an .xctest bundle (Darwin) or beside it (Linux).
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("tennis")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/tennis")
    }

    /// Starts `tennis` with these arguments; stdout is piped for the caller.
    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.spawn()
        return (process, output)
    }

    /// The port `tennis serve` listens on, from its "listening on ws://HOST:PORT/ws" line (nil if
    /// it never says).
    static func listeningPort(_ output: Pipe) async throws -> String? {
        let line = try await readLine(containing: "listening", from: output)
        return line?.split(separator: ":").dropFirst(2).first?.split(separator: "/").first.map(String.init)
    }

    /// Creates a match over HTTP (`POST /api/matches` with this body) and returns its code.
    static func createMatch(port: String, body: String = #"{"format":"tiebreak"}"#) async throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/matches")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        let (answer, _) = try await URLSession.shared.data(for: request)
        return try #require((try JSONSerialization.jsonObject(with: answer) as? [String: Any])?["code"] as? String)
    }

    /// A match's state as `GET /api/matches` lists it ("waiting", "playing", …); nil if not listed.
    static func state(of code: String, port: String) async -> String? {
        guard let (body, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/matches")!),
              let listed = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { return nil }
        return listed.first { $0["code"] as? String == code }?["state"] as? String
    }

    /// Runs `tennis` to the end and returns its exit status and stdout.
    /// (Stopped after `timeout`: its status is then that of SIGTERM, or SIGKILL.)
    static func run(_ arguments: [String], timeout: Double = 60) async throws -> (Int32, String) {
        try await runTool(url.path, arguments, timeout: .seconds(timeout))
    }
}

/// Reads lines from a pipe until one contains `marker` (nil at end of output or after `timeout`).
func readLine(containing marker: String, from pipe: Pipe, timeout: Double = 30) async throws -> String? {
    try await readLines(containing: [marker], from: pipe, timeout: timeout)[marker]
}

/// Reads a pipe until a line containing each marker was seen (or the output ends, or `timeout`);
/// returns the lines seen, by marker. The blocking reads run on a GCD thread; this task only
/// polls for the answer.
func readLines(containing markers: [String], from pipe: Pipe, timeout: Double = 30) async throws -> [String: String] {
    let handle = pipe.fileHandleForReading
    let found = Mutex<(done: Bool, lines: [String: String])>((false, [:]))
    DispatchQueue.global().async {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
            var seen: [String: String] = [:]
            for marker in markers { seen[marker] = lines.first { $0.contains(marker) } }
            found.withLock { $0.lines = seen }
            if seen.count == markers.count { break }
        }
        found.withLock { $0.done = true }
    }
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        let (done, lines) = found.withLock { $0 }
        if done { return lines }
        try await Task.sleep(for: .milliseconds(50))
    }
    return found.withLock { $0.lines }
}
