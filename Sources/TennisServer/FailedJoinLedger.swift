/// Joins that named no match (or a wrong token), per address and across the whole server, over
/// the last minute: the brute-force guard against guessing join codes.
///
/// Per address: at most `perAddress` a minute, then that address is refused until its oldest
/// failure is a minute old. Across the server: once `global` failures fell in the last minute
/// (a code scan spread over many addresses), any address with a failure of its own in that
/// minute is refused before its join is looked up; addresses with a clean record still join.
///
/// Memory is bounded: an address's entry holds at most `perAddress` times and goes when they
/// expire; a sweep every `sweepEvery` notes drops the entries of addresses that never came back.
struct FailedJoinLedger {
    let perAddress: Int
    let global: Int
    private var times: [String: [UInt64]] = [:]
    /// Failures per second over the last 60 seconds (a ring indexed by second).
    private var perSecond = [Int](repeating: 0, count: 60)
    private var ringSecond: UInt64 = 0
    private var notes = 0
    private static let minute: UInt64 = 60_000_000
    static let sweepEvery = 1024

    init(perAddress: Int, global: Int) {
        self.perAddress = perAddress
        self.global = global
    }

    /// Addresses with a failure still counted.
    var addresses: Int { times.count }

    /// Failures across the server in the last minute.
    mutating func globalCount(now: UInt64) -> Int {
        advance(to: now)
        return perSecond.reduce(0, +)
    }

    /// Whether `address` may try a join now.
    mutating func allows(_ address: String, now: UInt64) -> Bool {
        let own = recent(address, now: now)
        if own >= perAddress { return false }
        return own == 0 || globalCount(now: now) < global
    }

    /// A join that could not be checked (in a cluster whose directory did not answer, a code
    /// another node may host): not the address's failure, so not charged to it, but counted in
    /// the server's total, and charged after all while that total is at `global` (a code scan
    /// under way during the outage is stopped like any other).
    mutating func noteUnchecked(_ address: String, now: UInt64) {
        if globalCount(now: now) >= global {
            note(address, now: now)
        } else {
            perSecond[Int((now / 1_000_000) % 60)] += 1
        }
    }

    mutating func note(_ address: String, now: UInt64) {
        _ = recent(address, now: now)
        var list = times[address, default: []]
        if list.count >= perAddress { list.removeFirst() }
        list.append(now)
        times[address] = list
        advance(to: now)
        perSecond[Int((now / 1_000_000) % 60)] += 1
        notes += 1
        if notes % Self.sweepEvery == 0 { sweep(now: now) }
    }

    private mutating func recent(_ address: String, now: UInt64) -> Int {
        guard var list = times[address] else { return 0 }
        list.removeAll { now &- $0 >= Self.minute }
        times[address] = list.isEmpty ? nil : list
        return list.count
    }

    private mutating func sweep(now: UInt64) {
        times = times.filter { _, list in list.contains { now &- $0 < Self.minute } }
    }

    /// Clears the ring's seconds that passed since it was last moved.
    private mutating func advance(to now: UInt64) {
        let second = now / 1_000_000
        guard second > ringSecond else { return }
        let gone = min(second - ringSecond, 60)
        for step in 1...gone { perSecond[Int((ringSecond + step) % 60)] = 0 }
        ringSecond = second
    }
}
