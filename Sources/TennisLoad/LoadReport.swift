import Foundation
import Histogram

/// What a load run measured; `jsonLine` is the machine-readable summary, `lines` the human one.
public struct LoadReport: Sendable {
    public var options: LoadOptions
    public var totals: LoadTotalsView
    /// Snapshot age in microseconds.
    public var ages: Histogram<UInt64>
    public var wallSeconds: Double
    public var ownCPUSeconds: Double
    public var serverCPUSeconds: Double?
    public var serverRSSBefore: Int?
    public var serverRSSAfter: Int?
    /// Seconds from the first spectator's connection to the last one's answer (welcomed or
    /// refused): how fast the server admits while it already serves those before.
    public var connectSeconds: Double = 0

    init(options: LoadOptions, totals: LoadTotals, ages: Histogram<UInt64>, wallSeconds: Double, ownCPUSeconds: Double,
         serverCPUSeconds: Double?, serverRSSBefore: Int?, serverRSSAfter: Int?, connectSeconds: Double = 0) {
        self.connectSeconds = connectSeconds
        self.options = options
        self.totals = LoadTotalsView(totals)
        self.ages = ages
        self.wallSeconds = wallSeconds
        self.ownCPUSeconds = ownCPUSeconds
        self.serverCPUSeconds = serverCPUSeconds
        self.serverRSSBefore = serverRSSBefore
        self.serverRSSAfter = serverRSSAfter
    }

    public var deliveredPerSecond: Double { Double(totals.snapshots) / wallSeconds }
    public var expectedPerSecond: Double { Double(totals.opened) * options.expectedPerSpectator }

    /// The summary fields, in the order of `docs/PERFORMANCE.md`.
    public struct Summary: Codable, Sendable, Equatable {
        public struct Ages: Codable, Sendable, Equatable {
            public var p50: Double, p90: Double, p99: Double, p999: Double, max: Double
        }
        public var matches: Int
        public var spectators: Int
        public var seconds: Double
        public var opened: Int
        public var failed: Int
        public var bots: Int
        public var closed_early: Int
        public var delivered_per_s: Double
        /// Ticks the spectators' snapshots stood for: delivered plus those the server skipped
        /// on purpose (a lower rate under load) or dropped (counted when they asked for every tick).
        public var covered_per_s: Double
        public var expected_per_s: Double
        public var bytes_per_s: Double
        public var age_ms: Ages
        public var gaps: Int
        public var repeats: Int
        public var client_cpu_pct: Double
        public var server_cpu_pct: Double?
        public var server_us_per_snapshot: Double?
        public var server_rss_kib: Int?
        public var server_kib_per_spectator: Double?
        public var failures: [String: Int]
        /// Seconds the spectators took to connect, all of them (`connectSeconds`).
        public var connect_s: Double
    }

    public var summary: Summary {
        func ms(_ micros: UInt64) -> Double { round(Double(micros) / 10) / 100 }
        func one(_ value: Double) -> Double { round(value * 10) / 10 }
        let delivered = totals.snapshots + totals.botSnapshots
        let perSpectator: Double? = serverRSSBefore.flatMap { before in
            serverRSSAfter.map { after in one(Double(after - before) / Double(max(1, totals.opened))) }
        }
        return Summary(
            matches: options.matches, spectators: options.spectators, seconds: one(wallSeconds),
            opened: totals.opened, failed: totals.failed, bots: totals.openedBots, closed_early: totals.closedEarly,
            delivered_per_s: one(deliveredPerSecond),
            covered_per_s: one(Double(totals.snapshots + totals.gaps) / wallSeconds), expected_per_s: one(expectedPerSecond),
            bytes_per_s: one(Double(totals.bytes) / wallSeconds),
            age_ms: .init(p50: ms(ages.valueAtPercentile(50)), p90: ms(ages.valueAtPercentile(90)),
                          p99: ms(ages.valueAtPercentile(99)), p999: ms(ages.valueAtPercentile(99.9)),
                          max: ms(ages.max)),
            gaps: totals.gaps, repeats: totals.repeats, client_cpu_pct: one(ownCPUSeconds / wallSeconds * 100),
            server_cpu_pct: serverCPUSeconds.map { one($0 / wallSeconds * 100) },
            server_us_per_snapshot: serverCPUSeconds.map { delivered > 0 ? round($0 * 1e8 / Double(delivered)) / 100 : 0 },
            server_rss_kib: serverRSSAfter, server_kib_per_spectator: perSpectator, failures: totals.failureReasons,
            connect_s: one(connectSeconds))
    }

    /// One JSON object on one line, keys sorted.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A few lines for a person.
    public var lines: [String] {
        func one(_ value: Double) -> Double { round(value * 10) / 10 }
        let s = summary
        var out = [
            "connections   opened \(s.opened) spectators + \(s.bots) bots, failed \(s.failed), closed early \(s.closed_early); "
                + "the spectators took \(s.connect_s) s to connect",
            "snapshots     \(s.delivered_per_s)/s delivered (\(one(s.delivered_per_s / Double(max(1, s.opened))))/s each), "
                + "covering \(s.covered_per_s) of \(s.expected_per_s) ticks/s expected; \(s.gaps) ticks skipped, \(s.repeats) repeated",
            "bytes         \(Int(s.bytes_per_s)) B/s",
            "age (ms)      p50 \(s.age_ms.p50)  p90 \(s.age_ms.p90)  p99 \(s.age_ms.p99)  p99.9 \(s.age_ms.p999)  max \(s.age_ms.max)",
            "load tool     \(s.client_cpu_pct) % of a core",
        ]
        if let cpu = s.server_cpu_pct {
            out.append("server        \(cpu) % of a core, \(s.server_us_per_snapshot ?? 0) µs per delivered snapshot, "
                + "RSS \(s.server_rss_kib ?? 0) KiB (\(s.server_kib_per_spectator ?? 0) KiB per spectator)")
        }
        for (reason, count) in s.failures.sorted(by: { $0.key < $1.key }) { out.append("failure       \(count) × \(reason)") }
        return out
    }
}

/// The counters of a run, for reading.
public struct LoadTotalsView: Sendable {
    public let opened, failed, openedBots, closedEarly, snapshots, bytes, gaps, repeats, botSnapshots: Int
    public let failureReasons: [String: Int]

    init(_ totals: LoadTotals) {
        (opened, failed, openedBots, closedEarly) = (totals.opened, totals.failed, totals.openedBots, totals.closedEarly)
        (snapshots, bytes, gaps, repeats) = (totals.snapshots, totals.bytes, totals.gaps, totals.repeats)
        botSnapshots = totals.botSnapshots
        failureReasons = totals.failureReasons
    }
}
