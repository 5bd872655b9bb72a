import Foundation
import Testing
import TestSupport

/// `tennis serve` starts as many event loops as it is given CPUs (or told to).
@Suite(.serialized) struct EventLoopSizingTests {
    private var database: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tennis-\(UUID().uuidString).sqlite").path
    }

    /// Threads of NIO's shared event-loop group in process `pid`.
    private func loopThreads(_ pid: Int32) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.filter { task in
            let name = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)
            return name?.hasPrefix("NIO-SGLTN-") == true
        }.count
    }

    @Test func serveStartsTheEventLoopsItIsToldTo() async throws {
        let (server, output) = try TennisBinary.start(["serve", "--port", "0", "--db", database, "--event-loops", "3"])
        defer { server.terminate() }
        #expect(try await readLine(containing: "listening", from: output) != nil)
        #expect(loopThreads(server.processIdentifier) == 3)
        let (status, _) = try await TennisBinary.run(["serve", "--port", "0", "--event-loops", "0"])
        #expect(status == 64, "a usage error")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset")))
    func aServerPinnedToOneCPUStartsOneLoop() async throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        server.arguments = ["-c", "0", TennisBinary.url.path, "serve", "--port", "0", "--db", database]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        server.standardInput = FileHandle.nullDevice
        try server.spawn()
        defer { server.terminate() }
        #expect(try await readLine(containing: "listening", from: output) != nil)
        #expect(loopThreads(server.processIdentifier) == 1)
    }
}
