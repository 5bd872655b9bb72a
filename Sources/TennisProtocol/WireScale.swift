/// How a snapshot field is quantised on the wire: one table, used by both codecs (keyframe and
/// lean), so a field rounds the same way wherever it travels (`docs/PROTOCOL.md`, "Snapshots").
///
/// | Field | Keyframe (0x01) | Lean (0x02) |
/// |---|---|---|
/// | ball position | `centimetres` (i16) | `centimetres` (13/12/10 bits) |
/// | ball velocity | `centimetres` per second (i16) | — |
/// | player position | `centimetres` (i16) | `twoCentimetres` (12/11 bits) |
/// | spin | `spin127` (i8) | `spin7` (4 bits) |
///
/// Values round to the nearest unit; what does not fit is clamped; a non-finite value is 0.
public struct WireScale: Sendable, Equatable {
    /// Units per metre (or per whole, for spin).
    public let perUnit: Double

    public static let centimetres = WireScale(perUnit: 100)
    public static let twoCentimetres = WireScale(perUnit: 50)
    /// Spin (−1…1) in 127ths (keyframes) and 7ths (lean snapshots).
    public static let spin127 = WireScale(perUnit: 127)
    public static let spin7 = WireScale(perUnit: 7)

    /// `value` in whole units, rounded to the nearest, clamped to `range`.
    public func units(_ value: Double, in range: ClosedRange<Int>) -> Int {
        let scaled = (value * perUnit).rounded()
        guard scaled.isFinite else { return 0 }
        return Int(max(Double(range.lowerBound), min(Double(range.upperBound), scaled)))
    }

    public func value(_ units: Int) -> Double { Double(units) / perUnit }

    /// What `value` reads back as after a trip at this scale.
    public func quantised(_ value: Double, in range: ClosedRange<Int>) -> Double { self.value(units(value, in: range)) }
}
