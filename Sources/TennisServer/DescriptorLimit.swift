#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit: every connection is a descriptor, and a server that runs out
/// of them can accept no one, so it raises its soft limit and keeps its connection caps below it.
public enum DescriptorLimit {
    /// Descriptors kept back from connections: the listening socket, event loops, the SQLite
    /// file and its journal, PostgreSQL, logs.
    public static let reserve = 128

    /// Raises the soft limit to the hard one and returns the soft limit in force (nil if unknown).
    @discardableResult
    public static func raise() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }
}

extension ServerConfiguration {
    /// These settings with the connection caps lowered, if needed, so that every connection they
    /// allow (WebSocket sessions plus pending ones) fits in `descriptors` with `reserve` to spare;
    /// and a sentence saying what was lowered, or nil.
    public func fitted(toDescriptors descriptors: Int) -> (ServerConfiguration, String?) {
        let room = max(descriptors - DescriptorLimit.reserve, 2)
        guard maxConnections + maxPendingConnections > room else { return (self, nil) }
        var fitted = self
        fitted.maxPendingConnections = max(1, min(maxPendingConnections, room / 4))
        fitted.maxConnections = max(1, room - fitted.maxPendingConnections)
        fitted.maxConnectionsPerAddress = min(maxConnectionsPerAddress, fitted.maxConnections)
        fitted.maxPendingPerAddress = min(maxPendingPerAddress, fitted.maxPendingConnections)
        let note = "only \(descriptors) open files allowed (ulimit -n): at most \(fitted.maxConnections) WebSocket "
            + "connections and \(fitted.maxPendingConnections) pending ones instead of \(maxConnections) and "
            + "\(maxPendingConnections); raise the hard limit to allow more"
        return (fitted, note)
    }
}
