import Crypto

/// Who may read a kept match. A private match's record and replay are for those who hold its
/// invite secret (as the live match is), and for the database's owner: the `tennis` commands that
/// read their own file. Listings and players' records leave private matches out for everyone.
public enum HistoryAccess: Sendable {
    /// The `tennis` commands reading this machine's file: every match.
    case owner
    /// Anyone else (the HTTP routes): public matches, and a private one with its invite.
    case invite(String?)

    /// Whether a match kept with this invite hash (nil: a public match) may be read.
    public func reads(inviteHash: String?) -> Bool {
        guard let inviteHash else { return true }
        switch self {
        case .owner: return true
        case .invite(nil): return false
        case .invite(let given?): return InviteHash.equal(InviteHash.of(given), inviteHash)
        }
    }
}

/// What a store keeps of a private match's invite secret: its SHA-256, as 64 lower-case hex digits.
/// The secret has ~79 random bits, so the hash needs no salt to be worth nothing to a reader of
/// the database.
public enum InviteHash {
    public static func of(_ invite: String) -> String {
        SHA256.hash(data: Array(invite.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// Compares two hashes in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
