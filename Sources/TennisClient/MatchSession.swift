import TennisCore
import TennisProtocol

/// One client's session with a match, as a state machine: `handle(event) -> [Action]`.
///
/// Events are what happens to it (the link's typed events, frame ticks with the player's
/// intent, a chat line, the user leaving); actions are what it wants done (open a link, send an
/// input, close, ring the bell, keep the seat token, show a notice, end). It owns every edge of
/// a session: following a cluster redirect with its seat reservation, asking again without a
/// lapsed reservation, falling back to the first server when a redirect target is dead,
/// reconnecting with backoff as the seat's owner, giving up after the grace period, telling a
/// final close (a refusal, "the host left", a closed match) from a restart, and a link gone
/// silent. It also keeps what the screen shows: the welcome, roster, snapshots (through a
/// `ViewPresenter`), the match's statistics, callouts and chat.
///
/// Pure: time comes in with each event, nothing here sleeps or touches a socket, so every edge
/// is a test in virtual time (`MatchSessionTests`). `MatchSessionRunner` carries the actions out.
public struct MatchSession: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Where the first link goes (in a cluster: any node; it redirects to the owner).
        public var url: String
        public var hello: ClientMessage.Hello
        public var retry: RetryPolicy
        /// Seconds for the TCP, TLS and WebSocket handshakes of one link together.
        public var openTimeout: Double
        /// Seconds without a message after which the server is taken for gone (it sends at least
        /// one keyframe a second, in play or not).
        public var silenceTimeout: Double
        /// Redirects followed in a row before a `moved` is taken as a refusal.
        public var maxRedirects = 3
        /// Ask for the seat token to be kept (`saveSeat`), so the same `tennis join` takes the seat back.
        public var rememberSeat = false

        public init(url: String, hello: ClientMessage.Hello, retry: RetryPolicy = .init(), openTimeout: Double = 10,
                    silenceTimeout: Double = 15) {
            self.url = url
            self.hello = hello
            self.retry = retry
            self.openTimeout = openTimeout
            self.silenceTimeout = silenceTimeout
        }
    }

    public enum Event: Sendable, Equatable {
        /// Open the first link.
        case start(now: Double)
        /// Something link `Int` reported. Events of a link the session has given up on are ignored.
        case link(Int, ClientEvent, now: Double)
        /// A frame (or timer) tick: runs the timers and, for a seated player, sends `input` when
        /// it differs from the last one sent or swings.
        case frame(now: Double, input: PlayerInput?)
        /// A chat line or reaction to send: at once, or queued when the last went out less than
        /// `chatInterval` ago (the server takes one a second); dropped while the link is down.
        case chat(String, now: Double)
        /// The user is done: close politely and end.
        case leave(now: Double)
        /// The player asks for a rematch of the finished match.
        case askRematch(now: Double)
    }

    public enum Action: Sendable, Equatable {
        /// Open link `link` to `url` with this hello.
        case connect(link: Int, url: String, hello: ClientMessage.Hello)
        case send(link: Int, InputFrame)
        case chat(link: Int, String)
        /// Ask the server for a rematch (`{"type":"rematch"}`).
        case rematch(link: Int)
        /// Close the link politely (a close frame).
        case close(link: Int)
        /// Drop the link at once: it went silent, never opened, or the session is over.
        case abandon(link: Int)
        /// A point was decided.
        case bell
        /// Something worth telling a person or a log ("reconnecting", "following the match to …").
        case notice(String)
        /// Keep the seat token for this match, to take the seat back later.
        case saveSeat(token: String, code: String)
        /// The session is over; nothing follows.
        case ended(Ending)
    }

    /// How a session ended.
    public struct Ending: Sendable, Equatable {
        /// A sentence for people: the server's refusal, or why the link ended.
        public var reason: String
        /// The server's error code when it refused (`not_found`, `bad_token`…).
        public var errorCode: String?
        /// True when the user ended it (`leave`).
        public var left: Bool

        /// Both players agreed to play again: the match to go to next (with our seat's token).
        public var rematch: ServerMessage.Rematch?

        public init(reason: String, errorCode: String? = nil, left: Bool = false, rematch: ServerMessage.Rematch? = nil) {
            self.reason = reason
            self.errorCode = errorCode
            self.left = left
            self.rematch = rematch
        }
    }

    /// Where the session's link is.
    public enum Phase: Sendable, Equatable {
        case idle
        /// A link is opening or open.
        case linked(Link)
        /// The link dropped; retry number `attempt` opens at `until`.
        case waiting(attempt: Int, until: Double)
        case ended(Ending)
    }

    /// One link (WebSocket connection) and what it has seen.
    public struct Link: Sendable, Equatable {
        public var id: Int
        public var url: String
        public var startedAt: Double
        public var opened = false
        public var welcomed = false
        public var lastHeard: Double?
        public var closeAskedAt: Double?
        /// The server said the match lives elsewhere (the close follows).
        var redirect: ServerMessage.Redirect?
        /// The server refused the seat reservation we presented.
        var reservationRefused = false
        /// The last input's sequence number on this link.
        var sequence: UInt32 = 0
    }

    public let settings: Settings
    public internal(set) var phase: Phase = .idle
    /// The hello the next link sends: a seat token once welcomed, a reservation after a redirect.
    public internal(set) var hello: ClientMessage.Hello
    /// Where the next link goes.
    public internal(set) var url: String
    var nextLink = 1
    var redirects = 0
    var attempt = 0
    /// When the link was lost (the grace period runs from here), nil while linked.
    var lostAt: Double?
    var everWelcomed = false
    var leaving = false
    var startedAt = 0.0
    var lastSent = PlayerInput.idle
    let watchdog: LinkWatchdog

    // What the screen shows.
    public internal(set) var welcome: ServerMessage.Welcome?
    public internal(set) var names = PerPlayer("", "")
    public internal(set) var connected = [false, false]
    /// Each seat's player gave no identity (unrated), as the roster says.
    public internal(set) var anonymous = [false, false]
    public internal(set) var spectators = 0
    /// Seconds each away player has left, and when the server said so.
    public internal(set) var awaySeconds: [Int?] = [nil, nil]
    public internal(set) var awaySaidAt = 0.0
    public internal(set) var snapshot: Snapshot?
    public internal(set) var rttMillis: Int?
    public internal(set) var callout: String?
    public internal(set) var calloutUntil = 0.0
    public internal(set) var note: String?
    public internal(set) var noteUntil = 0.0
    /// While the link is down: the number of the reconnection under way.
    public internal(set) var reconnecting: Int?
    public internal(set) var errorMessage: String?
    public internal(set) var errorCode: String?
    /// Why the last link closed, for people (set when the session ends).
    public internal(set) var closeReason: String?
    public internal(set) var forfeitWinner: Int?
    /// Points, aces, the landing mark: counted from the events, from the server's count on welcome.
    public internal(set) var tally = MatchTally()
    /// Shots in the current point (the serve is the first).
    public internal(set) var rallyHits = 0
    /// When the match was first seen finished.
    public internal(set) var finishedAt: Double?
    /// Chat lines and reactions, newest last.
    public internal(set) var chat: [ChatLine] = []
    /// Prediction, interpolation and extrapolation: what to draw between snapshots.
    public internal(set) var presenter = ViewPresenter()
    /// Once the match is over: which players have asked for a rematch (left, right).
    public internal(set) var rematchAsked = [false, false]
    /// Where the agreed rematch is played (the session then ends with it).
    public internal(set) var rematchMade: ServerMessage.Rematch?

    public struct ChatLine: Sendable, Equatable {
        public var line: String
        public var at: Double
    }

    /// Chat lines kept.
    static let chatLines = 20
    /// A rally this long is called out with its length.
    static let longRally = 6
    /// The match tick the toss in the air went up on (nil: no toss).
    public internal(set) var tossStartTick: UInt32?
    /// How the last ball was met (an error after a well-met ball is unforced).
    var lastHitTiming: HitTiming?
    /// The score a pressure point was last looked for at (each is said once).
    var announcedScore: Score?
    /// Seconds between two chat lines sent (the server allows one a second).
    static let chatInterval = 1.05
    /// Lines typed faster than that wait, up to this many (the oldest go first).
    static let chatQueueLimit = 3
    var chatQueue: [String] = []
    var lastChatAt = -Double.infinity

    /// Sends the next queued chat line if the rate allows.
    mutating func sendChat(now: Double, link: Int, into actions: inout [Action]) {
        guard !chatQueue.isEmpty, now - lastChatAt >= Self.chatInterval else { return }
        lastChatAt = now
        actions.append(.chat(link: link, chatQueue.removeFirst()))
    }

    public init(_ settings: Settings) {
        self.settings = settings
        hello = settings.hello
        url = settings.url
        watchdog = LinkWatchdog(openTimeout: settings.openTimeout, silenceTimeout: settings.silenceTimeout)
    }

    /// Our seat (nil: watching, or not welcomed yet).
    public var seat: Int? { welcome?.seat }
    /// The seat token, once welcomed as a player.
    public var token: String? { hello.token }
    public var ended: Ending? {
        if case .ended(let ending) = phase { return ending }
        return nil
    }
    /// The session is over (the screen shows why).
    public var closed: Bool { ended != nil }

    /// The winner, also after a forfeit.
    public var winner: Int? {
        if let snapshot, snapshot.view.score.winner >= 0 { return Int(snapshot.view.score.winner) }
        return forfeitWinner
    }

    /// The view to draw at `now`: your player predicted, the other interpolated, the ball extrapolated.
    public mutating func present(now: Double) -> MatchView? {
        presenter.localTick = localTick(at: now)
        // The server's own numbers for the surface: a customised surfaces.json on either side
        // cannot make prediction disagree with the server.
        return presenter.present(now: now, surface: welcome?.courtSurface ?? .hard)
    }

    /// The local 60 Hz tick at `now`, counted from the start (what prediction lines up with the server's).
    public func localTick(at now: Double) -> Int64 { Int64((now - startedAt) * Double(MatchState.ticksPerSecond)) }

    public mutating func handle(_ event: Event) -> [Action] {
        var actions: [Action] = []
        switch event {
        case .start(let now):
            guard case .idle = phase else { break }
            startedAt = now
            connect(now: now, into: &actions)
        case .link(let id, let linkEvent, let now):
            guard case .linked(var link) = phase, link.id == id else { break }
            link.lastHeard = now
            if case .closed(let code, let reason) = linkEvent {
                linkEnded(link, code: code, reason: reason, now: now, into: &actions)
                break
            }
            note(linkEvent, on: &link, now: now, into: &actions)
            phase = .linked(link)
            apply(linkEvent, now: now, into: &actions)
        case .frame(let now, let input):
            presenter.localTick = localTick(at: now)
            runTimers(now: now, into: &actions)
            if case .linked(let link) = phase, link.welcomed { sendChat(now: now, link: link.id, into: &actions) }
            if let input { send(input, into: &actions) }
        case .chat(let text, let now):
            guard case .linked(let link) = phase, link.welcomed else { break }
            let line = WireProtocol.sanitise(text, limit: ClientMessage.maxChatLength)
            guard !line.isEmpty else { break }
            chatQueue.append(line)
            if chatQueue.count > Self.chatQueueLimit { chatQueue.removeFirst(chatQueue.count - Self.chatQueueLimit) }
            sendChat(now: now, link: link.id, into: &actions)
        case .leave(let now):
            leave(now: now, into: &actions)
        case .askRematch:
            guard case .linked(let link) = phase, link.welcomed, let seat, snapshot?.status == .finished else { break }
            rematchAsked[seat] = true
            actions.append(.rematch(link: link.id))
        }
        return actions
    }
}
