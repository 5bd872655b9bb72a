import Synchronization

/// A token bucket per address: `perMinute` events a minute on average, a burst of as many.
/// Addresses whose bucket has refilled are dropped on a sweep, and the table never holds more
/// than `maxAddresses` (a new address past that is refused until a sweep makes room), so its
/// memory is bounded whatever the number of addresses seen.
final class AddressRateLimit: Sendable {
    private struct Bucket {
        var tokens: Double
        var last: UInt64
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var calls = 0
    }

    let perMinute: Int
    let maxAddresses: Int
    private let state = Mutex(State())

    init(perMinute: Int, maxAddresses: Int = 65_536) {
        self.perMinute = perMinute
        self.maxAddresses = maxAddresses
    }

    /// Takes a token for `address`; false when it has none left. Then `retryAfterSeconds` says
    /// when the next one comes.
    func allow(_ address: String, nowMicros: UInt64) -> Bool {
        state.withLock { state in
            state.calls += 1
            if state.calls % 1024 == 0 || state.buckets.count >= maxAddresses { sweep(&state, now: nowMicros) }
            var bucket: Bucket
            if let existing = state.buckets[address] {
                bucket = existing
            } else if state.buckets.count < maxAddresses {
                bucket = Bucket(tokens: Double(perMinute), last: nowMicros)
            } else {
                return false  // the table is full of active addresses: newcomers wait for a sweep
            }
            bucket.tokens = refilled(bucket, now: nowMicros)
            bucket.last = nowMicros
            guard bucket.tokens >= 1 else {
                state.buckets[address] = bucket
                return false
            }
            bucket.tokens -= 1
            state.buckets[address] = bucket
            return true
        }
    }

    /// Seconds until one more event is allowed at this rate.
    var retryAfterSeconds: Int { max(1, 60 / max(perMinute, 1)) }

    /// Addresses with a bucket (for tests and the memory benchmark).
    var addresses: Int { state.withLock { $0.buckets.count } }

    private func refilled(_ bucket: Bucket, now: UInt64) -> Double {
        let elapsed = Double(now &- bucket.last) / 60_000_000
        return min(Double(perMinute), bucket.tokens + elapsed * Double(perMinute))
    }

    private func sweep(_ state: inout State, now: UInt64) {
        state.buckets = state.buckets.filter { refilled($0.value, now: now) < Double(perMinute) }
    }
}
