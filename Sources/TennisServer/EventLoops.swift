import Foundation
import NIOCore

/// How many event loops carry the server's connections.
///
/// NIO starts one loop per core of the machine. A server pinned to fewer (`taskset`, a cpuset)
/// would then have its loops take turns on the same cores, which costs every connection a little
/// (about 5 % more CPU per snapshot, measured with one core) and delays the tick thread.
public enum EventLoops {
    /// CPUs this process may run on (its affinity, Linux's `Cpus_allowed` mask), or nil where
    /// that is not known.
    public static func availableCPUs() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return cpus(inStatus: status)
    }

    /// The CPUs in a `/proc/PID/status` text's `Cpus_allowed:` hex mask (comma-separated words).
    static func cpus(inStatus status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else {
            return nil
        }
        var count = 0
        for character in line.dropFirst("Cpus_allowed:".count) where character != "," && !character.isWhitespace {
            guard let nibble = character.hexDigitValue else { return nil }
            count += nibble.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }

    /// Sizes NIO's shared event-loop group; must run before anything uses it. `requested` if
    /// given; else NIO's own `NIO_SINGLETON_GROUP_LOOP_COUNT` if set; else one loop per CPU this
    /// process may run on. Returns the count set (nil: left to NIO).
    @discardableResult
    public static func configure(requested: Int?) -> Int? {
        if let requested {
            NIOSingletons.groupLoopCountSuggestion = requested
            return requested
        }
        guard ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil,
              let cpus = availableCPUs() else { return nil }
        NIOSingletons.groupLoopCountSuggestion = cpus
        return cpus
    }
}
