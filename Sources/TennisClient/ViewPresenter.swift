import TennisCore
import TennisProtocol

/// What a client draws at a moment, from the snapshots it has. A player: its own player
/// predicted from its keys, the other player interpolated a little in the past, and the ball
/// advanced to now (to be hit). A spectator: both players and the ball at that same moment a
/// little in the past (`SpectatorBall`), so hits show at the racket.
/// The terminal client and `tennis netbench` both draw through this, so what is measured is
/// what players see.
public struct ViewPresenter: Sendable {
    public private(set) var buffer = SnapshotBuffer()
    public private(set) var predictor: OwnPlayerPredictor?
    /// The latest round trip, in milliseconds.
    public var rttMillis: Int?
    /// The local 60 Hz tick, advanced by whoever draws.
    public var localTick: Int64 = 0
    /// Which parts are shown ahead of the snapshots (both on; off to measure the naive client).
    public var predicts = true
    public var extrapolates = true
    /// False while the link is down (reconnecting, closed): everything is drawn where the last
    /// snapshot put it, since no server will confirm a prediction (a held key would otherwise
    /// walk the player off the court) and the ball's flight may already have ended.
    public var linkUp = true

    /// The server tick a spectator's last frame drew the ball at (fractions between two; nil for
    /// a player, whose ball is drawn at the present, and out of play). What `tennis netbench`
    /// compares the drawn ball with.
    public private(set) var drawnTick: Double?

    private var lastCalibration = Int64.min / 2

    public init() {}

    /// True when the current input should be sent again now, unchanged: the server's
    /// acknowledgement lines up local and server ticks, so prediction works from the first key
    /// press rather than from the first acknowledged one. Asks at most twice a second, and only
    /// until prediction is calibrated.
    public mutating func wantsCalibrationInput() -> Bool {
        guard let predictor, predictor.offset == nil, localTick - lastCalibration >= 30 else { return false }
        lastCalibration = localTick
        return true
    }

    public var latest: Snapshot? { buffer.latest }

    /// A welcome tells which seat is ours (nil: a spectator).
    public mutating func welcome(seat: Int?) {
        guard let seat else { return }
        if predictor?.seat == seat { predictor?.reset() } else { predictor = OwnPlayerPredictor(seat: seat) }
    }

    public mutating func observe(_ snapshot: Snapshot, arrived: Double) {
        buffer.insert(snapshot, arrived: arrived)
        predictor?.observe(snapshot, localTick: localTick)
    }

    /// Notes an input sent with `seq` on the current local tick.
    public mutating func sent(_ input: PlayerInput, seq: UInt32) {
        predictor?.sent(input, seq: seq, localTick: localTick)
    }

    /// The view to draw at `now` (seconds on the clock that stamped arrivals).
    public mutating func present(now: Double, surface: Surface) -> MatchView? {
        drawnTick = nil
        guard let snapshot = buffer.latest else { return nil }
        var view = snapshot.view
        let seat = predictor?.seat
        for index in 0..<2 where index != seat {
            if let position = buffer.interpolatedPosition(of: index, at: now) { view.players[index].position = position }
        }
        guard linkUp else { return view }
        if let seat, predicts, predictor != nil {
            view.players[seat].position = predictor!.position(snapshot, localTick: localTick)
        }
        // Out of play the ball stands still, and the next snapshot may be a second away.
        guard extrapolates, snapshot.status == .playing else { return view }
        if predictor == nil {
            // A spectator: the ball at the moment the players are drawn, through hits (`SpectatorBall`).
            if let ball = buffer.spectatorBall(at: now, surface: surface) {
                view.ball.position = ball.position
                drawnTick = ball.tick
            }
        } else if let arrived = buffer.latestArrival {
            let ahead = now - arrived + Double(rttMillis ?? 0) / 2000
            view.ball.position = BallExtrapolator.position(snapshot.view, after: min(0.25, ahead), surface: surface)
        }
        return view
    }
}
