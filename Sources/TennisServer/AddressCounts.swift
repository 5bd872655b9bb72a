/// How many of something each address holds, with no entry kept for an address at zero: the
/// table never outlives the connections it counts.
struct AddressCounts {
    private(set) var total = 0
    private var counts: [String: Int] = [:]

    subscript(_ address: String) -> Int { counts[address, default: 0] }

    /// Addresses with a count above zero.
    var addresses: Int { counts.count }

    mutating func add(_ address: String) {
        total += 1
        counts[address, default: 0] += 1
    }

    mutating func remove(_ address: String) {
        guard let count = counts[address] else { return }
        total -= 1
        counts[address] = count > 1 ? count - 1 : nil
    }
}
