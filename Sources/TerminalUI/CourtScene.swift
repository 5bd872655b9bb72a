import TennisCore

/// Everything the court renderer draws for one frame: the match as seen plus the
/// client-side facts around it (names, connection quality, messages).
public struct CourtScene: Sendable {
    /// The match at the moment drawn (already predicted/interpolated by the client).
    public var view: MatchView
    /// Player names, left (0) and right (1).
    public var names: PerPlayer<String>
    /// Each player gave no identity: marked "anon" by the name (the match is unrated).
    public var anonymous = PerPlayer(false, false)
    /// The player this client controls, or nil for a spectator.
    public var you: Int?
    /// Round-trip time to the server in milliseconds, or nil when unknown.
    public var rttMillis: Int?
    /// How many people are watching.
    public var spectators: Int
    /// The surface name ("hard", "clay", "grass"); also picks the court colour.
    public var surface: String
    /// A message centred over the court, e.g. "Waiting for opponent…" or "Bob disconnected".
    public var banner: String?
    /// A short shout near the top of the court, e.g. "OUT", "FAULT", "ACE", "GAME Alice".
    public var callout: String?
    /// The match code others use to join or watch.
    public var code: String?

    /// The court's colour; nil picks one from the surface name.
    public var courtColour: TermColor?
    /// The court's colour on 256-colour terminals (an xterm palette index); nil uses `courtColour`.
    public var courtColour256: UInt8?
    /// The terminal's colour mode: in `.mono` the players are drawn reversed and the service
    /// box dotted, since colours cannot tell them apart.
    public var colourMode: ColourMode = .colour256
    /// Where the last point's deciding bounce landed (court metres), marked ✕ until the next serve.
    public var landingMark: Vec2?
    /// Where the ball in flight will bounce (a ring under it, for the player running to it).
    public var bounceMark: Vec2?
    /// The characters the terminal shows: callouts use ASCII letters when it has no Unicode.
    public var charset: Charset = .unicode
    /// A quiet line under the scoreboard, e.g. how well you just hit the ball.
    public var note: String?
    /// The bottom line's key summary; nil shows the default key map's.
    public var keyHint: String?

    /// Shots in the point being played (or just won), shown from the second.
    public var rallyLength: Int?
    /// The toss being served, when there is one: drawn as a meter beside the server.
    public var serveMeter: ServeMeter?
    /// Chat lines to show (newest last; at most three are drawn).
    public var chat: [String] = []
    /// A chat line being typed, drawn under the others with a cursor.
    public var chatDraft: String?

    public init(
        view: MatchView, names: PerPlayer<String>, you: Int?, rttMillis: Int?, spectators: Int, surface: String,
        banner: String?, callout: String?, code: String?, courtColour: TermColor? = nil, note: String? = nil,
        keyHint: String? = nil
    ) {
        self.keyHint = keyHint
        self.courtColour = courtColour
        self.note = note
        self.view = view
        self.names = names
        self.you = you
        self.rttMillis = rttMillis
        self.spectators = spectators
        self.surface = surface
        self.banner = banner
        self.callout = callout
        self.code = code
    }
}

/// A toss in the air, as the meter beside the server shows it: how high the ball is, and how a
/// serve struck now would be graded (the core's `Shot.serveTiming`).
public struct ServeMeter: Equatable, Sendable {
    /// The server's seat.
    public var server: Int
    /// The ball's height between the catch height (0) and the top of the toss (1).
    public var fraction: Double
    /// A serve struck now: early (still rising), good, perfect, or late (falling).
    public var timing: HitTiming

    public init(server: Int, fraction: Double, timing: HitTiming) {
        self.server = server
        self.fraction = max(0, min(1, fraction))
        self.timing = timing
    }

    public var isPerfect: Bool { timing == .perfect }
    public var isGood: Bool { timing == .perfect || timing == .good }
    public var rising: Bool { timing == .early }
}
