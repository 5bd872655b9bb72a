import Foundation
import Logging
import TennisLoad
import TennisServer
import Testing
import TestSupport

@Suite(.heavy) struct LoadTestTests {
    /// One bot match, 50 spectators, 3 s against a real server: counts and shape, never timings.
    @Test func fiftySpectatorsOfOneBotMatchGetTheirSnapshots() async throws {
        let quiet = Logger(label: "test.server", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = try await RunningServer.start(ServerConfiguration(host: "127.0.0.1", port: 0), logger: quiet)
        defer { server.stop() }
        let port = server.port

        let options = LoadOptions(port: port, matches: 1, spectators: 50, seconds: 3, warmupSeconds: 0.5,
                                  serverPID: getpid())
        let report = try await LoadTest.run(options)
        for line in report.lines { print(line) }
        let summary = report.summary
        #expect(summary.opened == 50)
        #expect(summary.failed == 0)
        #expect(summary.failures.isEmpty, "every connection got its welcome first")
        #expect(summary.bots == 2)
        #expect(summary.expected_per_s == 3000)
        #expect(report.totals.snapshots > 0)
        // How many arrive, and how late, depends on how busy this machine is (the whole test suite
        // runs at once): that is measured by scripts/bench-server.sh, not asserted here.
        #expect(summary.delivered_per_s > 0)
        #expect(summary.gaps >= 0)
        #expect(summary.age_ms.max >= summary.age_ms.p50)
        #expect(summary.server_cpu_pct != nil)

        let line = report.jsonLine
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in ["opened", "failed", "delivered_per_s", "expected_per_s", "bytes_per_s", "age_ms", "gaps"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let ages = try #require(object["age_ms"] as? [String: Any])
        for key in ["p50", "p90", "p99", "p999", "max"] { #expect(ages[key] != nil, "missing age_ms.\(key)") }
        await server.stopAndWait()
    }
}
