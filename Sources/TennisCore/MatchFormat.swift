/// How long a match lasts. Chosen per match; `short` is the default.
public enum MatchFormat: String, CaseIterable, Sendable, Hashable {
    /// A single tiebreak: first to 7 points, win by 2.
    case tiebreak
    /// One short set: first to 4 games (win by 2), tiebreak at 4-4.
    case short
    /// One set: first to 6 games (win by 2), tiebreak at 6-6.
    case set
    /// Best of three sets, each to 6 with a tiebreak at 6-6; at one set all, a match tiebreak
    /// to 10 (win by 2) instead of a third set.
    case bestOfThree = "best-of-3"

    /// The number the wire uses for this format.
    public var wireValue: UInt8 {
        switch self {
        case .tiebreak: 0
        case .short: 1
        case .set: 2
        case .bestOfThree: 3
        }
    }

    public init?(wireValue: UInt8) {
        switch wireValue {
        case 0: self = .tiebreak
        case 1: self = .short
        case 2: self = .set
        case 3: self = .bestOfThree
        default: return nil
        }
    }
}
