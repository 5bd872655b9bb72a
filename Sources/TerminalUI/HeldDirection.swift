/// Turns timestamped key presses into the direction the player is holding, for terminals
/// that never report key releases.
///
/// A terminal only sends presses: holding a key gives one press, a pause (the auto-repeat
/// delay, typically 250–660 ms) and then a repeat every ~30–40 ms, and only the last key
/// pressed repeats. Movement still has to feel direct, so:
///
/// - **A press moves at once.** The first press of a direction holds it for the auto-repeat
///   delay plus a margin (`initialHold`, about 0.5 s at first), long enough for the first
///   repeat to arrive if the key is still down.
/// - **Repeats keep it held.** Each further press of the same direction holds it until at
///   least `repeatHold` (0.15 s) after that press, which bridges uneven repeat gaps; after the
///   key is let go the player stops within that time.
/// - **The delay is learned.** When a press is followed by a fast repeat, the gap before it was
///   the keyboard's auto-repeat delay; `initialHold` follows it (clamped to 0.2–0.8 s), so a tap
///   on a fast keyboard overshoots less and a slow keyboard does not stutter.
/// - **Turning is instant.** The opposite direction on an axis replaces the held one at once.
///   A stop press (`press(dx: 0, dy: 0)`) releases both axes.
/// - **Axes are independent.** Left/right and up/down are held separately, so pressing Up
///   while running Left goes diagonally. Because only the last key repeats, a diagonal made of
///   two keys lasts until the first key's hold runs out; the diagonal keys (Home/PgUp/End/PgDn,
///   keypad 7/9/1/3) repeat both axes together.
///
/// A tap therefore moves for about the repeat delay; tap the opposite way or stop to cut it.
public struct HeldDirection: Sendable, Equatable {
    /// How long one axis stays held: the direction and until when.
    struct Axis: Sendable, Equatable {
        var value: Int8 = 0
        var heldUntil: Double = -.infinity
        /// The last press of `value` on this axis, and the gap before it (for learning).
        var lastPress: Double = -.infinity
        var previousGap: Double = .infinity
    }

    /// The hold after a repeat press.
    public var repeatHold: Double
    /// Added to the learned auto-repeat delay for the first press's hold.
    public var margin: Double
    /// The auto-repeat delay currently assumed (learned from the presses seen).
    public private(set) var repeatDelay: Double

    var horizontal = Axis()
    var vertical = Axis()
    /// Direction keys down right now, when the terminal reports releases (kitty protocol).
    var down: [Int8] = []
    /// True once a release has been reported: from then on keys are held exactly until released.
    public private(set) var exact = false
    /// A short step under way (Shift+arrow): its direction and until when.
    var stepping = Step()

    struct Step: Sendable, Equatable {
        var dx: Int8 = 0
        var dy: Int8 = 0
        var until: Double = -.infinity
    }

    /// How long a step runs: 0.1 s, half a metre at full speed.
    public static let stepSeconds = 0.1

    /// Starts with a 0.5 s assumed repeat delay (the common desktop default).
    public init(repeatDelay: Double = 0.5, repeatHold: Double = 0.15, margin: Double = 0.08) {
        self.repeatDelay = repeatDelay
        self.repeatHold = repeatHold
        self.margin = margin
    }

    /// How long a first press holds its direction.
    public var initialHold: Double { repeatDelay + margin }

    /// Records a press of a direction key at time `seconds` (any monotonic clock).
    /// Components are -1, 0 or +1; a zero component leaves that axis alone, and
    /// (0, 0) is a stop that releases both axes.
    public mutating func press(dx: Int8, dy: Int8, at seconds: Double) {
        if dx == 0 && dy == 0 {
            horizontal = Axis()
            vertical = Axis()
            stepping = Step()
            return
        }
        for (component, isHorizontal) in [(dx, true), (dy, false)] where component != 0 {
            var axis = isHorizontal ? horizontal : vertical
            if let delay = axis.press(component.signum(), at: seconds, initialHold: initialHold, repeatHold: repeatHold) {
                learn(delay: delay)
            }
            if isHorizontal { horizontal = axis } else { vertical = axis }
        }
    }

    /// A short step: runs `stepSeconds` in a direction (each component -1, 0 or +1) on an axis
    /// no key holds, then stops; it neither holds a key nor teaches the auto-repeat delay.
    public mutating func step(dx: Int8, dy: Int8, at seconds: Double) {
        stepping = Step(dx: dx.signum(), dy: dy.signum(), until: seconds + Self.stepSeconds)
    }

    /// The direction held at time `seconds`: each component -1, 0 or +1.
    public func direction(at seconds: Double) -> (dx: Int8, dy: Int8) {
        let held = heldDirection(at: seconds)
        guard seconds < stepping.until else { return held }
        return (held.dx != 0 ? held.dx : stepping.dx, held.dy != 0 ? held.dy : stepping.dy)
    }

    private func heldDirection(at seconds: Double) -> (dx: Int8, dy: Int8) {
        if exact {
            var dx = 0, dy = 0
            for code in down {
                dx += Int(Self.decode(code).dx)
                dy += Int(Self.decode(code).dy)
            }
            return (Int8(max(-1, min(1, dx))), Int8(max(-1, min(1, dy))))
        }
        return (horizontal.value(at: seconds), vertical.value(at: seconds))
    }

    /// A key went down, on a terminal that will also say when it comes up.
    public mutating func keyDown(dx: Int8, dy: Int8, at seconds: Double) {
        if dx == 0 && dy == 0 {
            down.removeAll()
        } else if !down.contains(Self.encode(dx, dy)) {
            down.append(Self.encode(dx, dy))
        }
        press(dx: dx, dy: dy, at: seconds)
    }

    /// A key came up: from now on this terminal's keys are held exactly while down.
    public mutating func keyUp(dx: Int8, dy: Int8) {
        exact = true
        down.removeAll { $0 == Self.encode(dx, dy) }
    }

    private static func encode(_ dx: Int8, _ dy: Int8) -> Int8 { (dx + 1) * 3 + (dy + 1) }
    private static func decode(_ code: Int8) -> (dx: Int8, dy: Int8) { (code / 3 - 1, code % 3 - 1) }

    /// The one place a direction key's event becomes held movement: a terminal that reports
    /// releases (kitty keyboard protocol) holds from key down to key up; one that does not holds
    /// for a moment after each press or repeat.
    public mutating func apply(_ kind: KeyEvent.Kind, dx: Int8, dy: Int8, at seconds: Double, reportsReleases: Bool) {
        switch kind {
        case .press where reportsReleases: keyDown(dx: dx, dy: dy, at: seconds)
        case .press, .repeat: press(dx: dx, dy: dy, at: seconds)
        case .release: keyUp(dx: dx, dy: dy)
        }
    }

    /// Releases both axes (e.g. when the window loses focus or a point ends).
    public mutating func reset() {
        horizontal = Axis()
        vertical = Axis()
        stepping = Step()
        down.removeAll()
    }

    private mutating func learn(delay: Double) {
        let clamped = min(0.8 - margin, max(0.2 - margin, delay))
        repeatDelay = 0.5 * repeatDelay + 0.5 * clamped
    }
}

extension HeldDirection.Axis {
    func value(at seconds: Double) -> Int8 { seconds < heldUntil ? value : 0 }

    /// Records a press of `direction` at `now`; returns the auto-repeat delay when this
    /// press reveals it (a fast repeat right after a long gap: that gap was the delay).
    mutating func press(_ direction: Int8, at now: Double, initialHold: Double, repeatHold: Double) -> Double? {
        let sameKey = value == direction
        let gap = sameKey ? now - lastPress : .infinity
        var learned: Double?
        if sameKey && gap < repeatHold && previousGap > 2 * gap && previousGap < 1.0 {
            learned = previousGap
        }
        if sameKey && now < heldUntil {
            heldUntil = max(heldUntil, now + repeatHold)
        } else {
            heldUntil = now + initialHold
        }
        value = direction
        previousGap = gap
        lastPress = now
        return learned
    }
}
