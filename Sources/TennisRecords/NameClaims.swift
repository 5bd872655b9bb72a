import Synchronization

/// Who may play under a name on a server or cluster: the first key (fingerprint) to play under a
/// name claims it; from then on only that key may, and an anonymous player may use only a name
/// nobody has claimed. Names compare case-insensitively, as in the players' records.
public protocol NameClaims: Sendable {
    /// Lets `fingerprint` (nil: an anonymous player) play as `name`, claiming the name for it if
    /// nobody has; `.taken` when another fingerprint holds it (or any, for an anonymous player).
    func claim(name: String, fingerprint: String?) async throws -> NameClaim
}

/// What a claim came to.
public enum NameClaim: Equatable, Sendable {
    /// The name is this fingerprint's: it was already, or has just been claimed.
    case owned(newly: Bool)
    /// An anonymous player under a name nobody has claimed (the name stays free).
    case anonymous
    /// Another key holds the name: the player is refused (`name_claimed`).
    case taken

    /// The rule, given the name's current holder (nil: unclaimed). `claims` is true when the
    /// holder is to become `fingerprint`.
    public static func decide(holder: String?, fingerprint: String?) -> (claim: NameClaim, claims: Bool) {
        switch (holder, fingerprint) {
        case (nil, nil): (.anonymous, false)
        case (nil, .some): (.owned(newly: true), true)
        case (.some, nil): (.taken, false)
        case (.some(let holder), .some(let fingerprint)): (holder == fingerprint ? .owned(newly: false) : .taken, false)
        }
    }

    /// The key under which a name is claimed: names are case-insensitive.
    public static func key(_ name: String) -> String { name.lowercased() }
}

/// Name claims kept in memory: a server without a database (they last as long as the process).
public final class MemoryNameClaims: NameClaims {
    private let holders = Mutex<[String: String]>([:])

    public init() {}

    public func claim(name: String, fingerprint: String?) async throws -> NameClaim {
        holders.withLock { holders in
            let key = NameClaim.key(name)
            let (claim, claims) = NameClaim.decide(holder: holders[key], fingerprint: fingerprint)
            if claims { holders[key] = fingerprint }
            return claim
        }
    }
}
