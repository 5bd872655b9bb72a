#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Microseconds on the host's monotonic clock: the time base of a snapshot's server time.
/// Comparable between processes on the same machine, never between machines.
public enum MonotonicClock {
    public static func micros() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000
    }

    /// The same clock in seconds: what sessions, screens and probes time themselves with.
    public static func seconds() -> Double { Double(micros()) / 1_000_000 }
}
