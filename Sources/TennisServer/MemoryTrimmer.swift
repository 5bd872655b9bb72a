#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Gives freed heap memory back to the system now and then (glibc's `malloc_trim`).
///
/// glibc keeps the pages of freed memory for reuse rather than returning them, so a burst of
/// short sessions leaves the process's RSS at its high-water mark long after the memory was
/// freed: after 30 000 sessions in 20 s, 33 MB were in use at the end of the burst, 2 MB half a
/// minute later, and the RSS stayed 33 MB higher until a `malloc_trim(0)` brought it back
/// (`scripts/bench-rss.sh`). A trim took 0.06 to 9 ms here (the longer ones with a fragmented
/// heap of about 30 MB, under load), holding one malloc arena at a time; every 30 s that is
/// negligible. Elsewhere than glibc this does nothing.
public enum MemoryTrimmer {
    /// glibc's `int malloc_trim(size_t pad)`, looked up at run time (the Glibc module does not
    /// export it); nil where there is none.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Whether trimming does anything here.
    public static var isAvailable: Bool { mallocTrim != nil }

    /// Returns freed memory to the system once; true when some was.
    @discardableResult
    public static func trim() -> Bool {
        (mallocTrim?(0) ?? 0) != 0
    }

    /// Trims every `interval` until cancelled (each trim logged at debug level with its duration).
    public static func run(every interval: Duration, logger: Logger) async {
        guard isAvailable else { return }
        let clock = ContinuousClock()
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            let started = clock.now
            let released = trim()
            logger.debug("heap trimmed", metadata: ["released": "\(released)", "seconds": "\(clock.now - started)"])
        }
    }
}
