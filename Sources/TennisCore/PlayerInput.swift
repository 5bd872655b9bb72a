/// The kind of stroke a swing asks for. Raw values are stable (they go on the wire and into replays).
///
/// - `drive`: topspin groundstroke, safe net margin, dips and kicks up after the bounce.
/// - `lob`: high and deep, some topspin.
/// - `slice`: backspin, low over the net, slower, stays low after the bounce.
/// - `drop`: heavy backspin, short, dies after the bounce.
/// - `flat`: fastest, little spin, lowest margin over the net.
///
/// A drive or flat met above `Physics.smashHeight` becomes an overhead smash (see `StrokeStyle`).
public enum ShotKind: UInt8, CaseIterable, Sendable, Hashable {
    case drive = 1
    case lob = 2
    case slice = 3
    case drop = 4
    case flat = 5
}

/// How a stroke was played, whatever `ShotKind` was asked for.
public enum StrokeStyle: UInt8, Sendable, Hashable, CaseIterable {
    /// Contact after the bounce.
    case groundstroke = 0
    /// Contact before the bounce: a short, punched stroke (shorter, faster, less spin).
    case volley = 1
    /// A drive or flat met above `Physics.smashHeight`: fast and steep.
    case smash = 2
    /// The serve.
    case serve = 3
}

/// What one player asks for during one tick: a held direction and, optionally, a swing.
///
/// This is all a client may ask for. Speed, reach and timing are the simulation's.
/// `moveX`/`moveY` are -1, 0 or +1 in court coordinates (screen: right/down are +1).
/// A swing is an edge: it starts a swing on the tick it is applied (ignored while a
/// swing is already running). The held direction at the moment of contact aims the shot.
public struct PlayerInput: Equatable, Hashable, Sendable {
    public var moveX: Int8
    public var moveY: Int8
    public var swing: ShotKind?

    public init(moveX: Int8 = 0, moveY: Int8 = 0, swing: ShotKind? = nil) {
        self.moveX = max(-1, min(1, moveX))
        self.moveY = max(-1, min(1, moveY))
        self.swing = swing
    }

    public static let idle = PlayerInput()
}
