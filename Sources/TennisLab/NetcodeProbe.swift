import Logging
import Synchronization
import TennisClient
import TennisCore
import TennisProtocol

/// Plays one seat of a match through a delaying link with the client's own drawing code, while
/// a spectator on a direct link records what the server really had, then compares the two.
///
/// The measured player is a bot that decides from what is drawn (as a person decides from the
/// screen), 60 frames a second. Every frame is recorded: the keys held, your player and the ball
/// as drawn (`ViewPresenter`: predicted and extrapolated) and as the latest snapshot has them
/// (the naive client). Afterwards the recording gives, for every press from rest, the frames
/// until the drawn player moves, and for every rally frame, the distance from the drawn ball to
/// the server's ball at that moment (interpolated from the direct spectator's snapshots).
/// Spectators over the same link draw a moment in the past: their ball is compared with the
/// server's at the tick they drew, and how far in the past that is is measured too.
public enum NetcodeProbe {
    public struct Settings: Sendable {
        public var delay: Double
        public var jitter: Double
        public var seconds: Double
        public var level: Int
        public var seed: UInt64

        public init(delay: Double = 0.05, jitter: Double = 0.01, seconds: Double = 20, level: Int = 3, seed: UInt64 = 1) {
            self.delay = delay
            self.jitter = jitter
            self.seconds = seconds
            self.level = level
            self.seed = seed
        }
    }

    /// One drawn frame of the measured player.
    public struct Frame: Sendable {
        public var time: Double
        /// The session's local 60 Hz tick this frame was drawn on (two frames drawn within one
        /// tick show the same prediction: a busy loop can draw late and then at once).
        public var tick: Int64
        public var move: PlayerInput
        public var phase: Phase
        public var drawnPlayer: Vec2
        public var naivePlayer: Vec2
        public var drawnBall: Vec3
        public var naiveBall: Vec3
        public var ballVisible: Bool
        /// The ball each watching spectator drew on this frame, and the server tick it drew it at
        /// (nil until it has a snapshot, and out of play), in the order of `NetcodeProbe.spectatorRates`.
        public var watched: [Watched?] = []
    }

    /// What a spectator drew on a frame: the ball, as of the server tick `tick` (its picture is a
    /// moment in the past, `ViewPresenter.drawnTick`).
    public struct Watched: Sendable {
        public var ball: Vec3
        public var tick: Double
    }

    /// The rates (pictures a second) at which spectators are measured beside the player: what a
    /// server sends them at 60 Hz and when load lowers it to 30, 20, 15 or 12.
    public static let spectatorRates = [60, 30, 20, 15, 12]

    /// One snapshot as the direct spectator received it.
    public struct Truth: Sendable {
        public var time: Double
        public var tick: UInt32
        public var phase: Phase
        public var ball: Vec3
    }

    struct Shared {
        var rtts: [Double] = []
        var snapshots = 0
        var truth: [Truth] = []
    }

    /// The state the connection tasks and the frame loop share.
    final class SharedBox: Sendable {
        let state = Mutex(Shared())
        func withLock<T: Sendable>(_ body: (inout Shared) -> T) -> T { state.withLock { body(&$0) } }
    }

    static func now() -> Double { MonotonicClock.seconds() }

    /// Runs the measurement against the match `code` on a server at 127.0.0.1:`serverPort`.
    @MainActor
    public static func run(serverPort: Int, code: String, settings: Settings, logger: Logger) async throws
        -> NetcodeReport
    {
        let proxy = try await DelayProxy.start(targetPort: serverPort, delay: settings.delay, jitter: settings.jitter,
                                               seed: settings.seed)
        defer { Task { await proxy.stop() } }
        let direct = "ws://127.0.0.1:\(serverPort)/ws", delayed = "ws://127.0.0.1:\(proxy.port)/ws"
        let shared = SharedBox()

        let reference = GameClient.connect(url: direct, hello: .init(role: .spectator, code: code, name: "truth"),
                                           pingInterval: 0, logger: logger)
        let referenceTask = Task {
            for await event in reference.events {
                guard case .snapshot(let snapshot) = event else { continue }
                let truth = Truth(time: now(), tick: snapshot.view.tick, phase: snapshot.view.phase,
                                  ball: snapshot.view.ball.position)
                shared.withLock { $0.truth.append(truth) }
            }
        }
        // The measured player goes through the same session as the terminal client.
        let player = MatchSessionRunner(.init(url: delayed, hello: .init(role: .player, code: code, name: "probe"),
                                              retry: .never), pingInterval: 0.5, logger: logger)
        player.onEvent = { event in
            shared.withLock { state in
                switch event {
                case .snapshot: state.snapshots += 1
                case .roundTrip(let micros): state.rtts.append(Double(micros) / 1000)
                default: break
                }
            }
        }
        player.start()
        // Spectators through the same slow link, asking for the rates a busy server falls back to.
        let watchers = spectatorRates.map { rate in
            MatchSessionRunner(.init(url: delayed, hello: .init(role: .spectator, code: code, name: "watch\(rate)",
                                                                rate: rate < MatchState.ticksPerSecond ? rate : nil),
                                     retry: .never), pingInterval: 0.5, logger: logger)
        }
        for watcher in watchers { watcher.start() }
        let opponent = Task {
            await BotPlayer.play(url: direct, hello: .init(role: .player, code: code, name: "opponent"),
                                 level: settings.level, seed: settings.seed &+ 1)
        }

        let frames = try await drawFrames(player: player, watchers: watchers, settings: settings)
        let bytes = player.bytesReceived
        player.leave()
        _ = await player.ended()
        for watcher in watchers {
            watcher.leave()
            _ = await watcher.ended()
        }
        opponent.cancel()
        reference.close()
        _ = await opponent.value
        await referenceTask.value

        let state = shared.withLock { $0 }
        let presses = pressesFromRest(frames)
        let watched = spectatorRates.indices.map { spectatorErrors(frames, truth: state.truth, index: $0) }
        return NetcodeReport(
            delayMs: settings.delay * 1000, jitterMs: settings.jitter * 1000, seconds: settings.seconds,
            rttMs: .init(state.rtts), snapshotsPerSecond: Double(state.snapshots) / settings.seconds,
            bytesPerSecond: Double(bytes) / settings.seconds,
            inputToMoveFramesDrawn: .init(presses.compactMap { i in
                firstMove(frames, from: i, \.drawnPlayer).map { Double(ticksDrawn(frames, after: i, upTo: i + $0)) } }),
            inputToMoveFramesNaive: .init(presses.compactMap { i in
                firstMove(frames, from: i, \.naivePlayer).map { Double(ticksDrawn(frames, after: i, upTo: i + $0)) } }),
            inputToMoveMsDrawn: .init(presses.compactMap { i in
                firstMove(frames, from: i, \.drawnPlayer).map { (frames[i + $0].time - frames[i].time) * 1000 } }),
            inputToMoveMsNaive: .init(presses.compactMap { i in
                firstMove(frames, from: i, \.naivePlayer).map { (frames[i + $0].time - frames[i].time) * 1000 } }),
            ballErrorMetresDrawn: .init(ballErrors(frames, truth: state.truth) { $0.drawnBall }),
            ballErrorMetresNaive: .init(ballErrors(frames, truth: state.truth) { $0.naiveBall }),
            spectatorBallErrorMetres: watched.map { .init($0.errors) },
            spectatorDelayMs: watched.map { .init($0.delays) })
    }

    /// The measured player's screen loop: 60 frames a second for `settings.seconds` once seated.
    @MainActor
    static func drawFrames(player: MatchSessionRunner, watchers: [MatchSessionRunner] = [],
                           settings: Settings) async throws -> [Frame] {
        let clock = ContinuousClock()
        let seatedBy = clock.now + .seconds(10)
        while player.session.seat == nil || player.session.snapshot == nil {
            guard clock.now < seatedBy, !player.session.closed else {
                throw ProbeError(description: "the probe was never seated")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        var bot = Bot(level: settings.level, seed: settings.seed)
        bot.surface = player.session.welcome?.courtSurface ?? .hard
        var frames: [Frame] = []
        frames.reserveCapacity(Int(settings.seconds * 60) + 1)
        var move = PlayerInput.idle
        let start = now()
        let frame = Duration.nanoseconds(1_000_000_000 / MatchState.ticksPerSecond)
        var deadline = clock.now
        while now() - start < settings.seconds {
            deadline += frame
            try await clock.sleep(until: deadline, tolerance: nil)
            let time = now()
            guard let seat = player.session.seat, let latest = player.session.snapshot,
                  let drawn = player.present(now: time) else { continue }
            var input: PlayerInput?
            if latest.status == .playing {
                input = bot.input(for: seat, view: drawn)
                move = PlayerInput(moveX: input!.moveX, moveY: input!.moveY)
            }
            player.frame(input: input, now: time)
            frames.append(Frame(time: time, tick: player.session.localTick(at: time), move: move, phase: latest.view.phase,
                                drawnPlayer: drawn.players[seat].position,
                                naivePlayer: latest.view.players[seat].position, drawnBall: drawn.ball.position,
                                naiveBall: latest.view.ball.position, ballVisible: latest.view.ball.visible,
                                watched: watchers.map { watcher in
                                    watcher.frame(input: nil, now: time)
                                    guard let ball = watcher.present(now: time)?.ball.position,
                                          let tick = watcher.session.presenter.drawnTick else { return nil }
                                    return Watched(ball: ball, tick: tick)
                                }))
        }
        return frames
    }

    /// Frames on which a direction key went down while the player stood still in a rally.
    static func pressesFromRest(_ frames: [Frame]) -> [Int] {
        guard frames.count > 3 else { return [] }
        return (3..<frames.count).filter { i in
            let now = frames[i], before = frames[i - 1]
            guard now.phase == .rally, before.move == .idle, now.move.moveX != 0 || now.move.moveY != 0 else {
                return false
            }
            let still = (i - 3..<i).allSatisfy { j in
                distance(frames[j].drawnPlayer, frames[j + 1].drawnPlayer) < 1e-6
                    && distance(frames[j].naivePlayer, frames[j + 1].naivePlayer) < 1e-6
            }
            return still
        }
    }

    /// Frames after `index` until `position` has moved a millimetre the way the key points
    /// (nil if the rally ended or a second passed first).
    static func firstMove(_ frames: [Frame], from index: Int, _ position: KeyPath<Frame, Vec2>) -> Int? {
        let origin = frames[index][keyPath: position]
        let direction = frames[index].move
        for k in 1..<61 where index + k < frames.count {
            let frame = frames[index + k]
            guard frame.phase == .rally else { return nil }
            let p = frame[keyPath: position]
            let along = (p.x - origin.x) * Double(direction.moveX) + (p.y - origin.y) * Double(direction.moveY)
            if along > 0.001 { return k }
        }
        return nil
    }

    /// Frames after `index` up to and including `last` drawn on a tick later than the one before:
    /// the frames a player saw change (a loop that falls behind draws twice within one tick).
    static func ticksDrawn(_ frames: [Frame], after index: Int, upTo last: Int) -> Int {
        guard last > index else { return 0 }
        return (index + 1...last).count { frames[$0].tick > frames[$0 - 1].tick }
    }

    /// For every rally frame with the ball in play: the drawn ball's distance from the server's.
    static func ballErrors(_ frames: [Frame], truth: [Truth], _ ball: (Frame) -> Vec3?) -> [Double] {
        var errors: [Double] = []
        var j = 0
        for frame in frames where frame.phase == .rally && frame.ballVisible {
            while j + 1 < truth.count, truth[j + 1].time <= frame.time { j += 1 }
            guard j + 1 < truth.count, truth[j].time <= frame.time else { continue }
            let a = truth[j], b = truth[j + 1]
            guard bridges(a, b), b.time > a.time, let drawn = ball(frame) else { continue }
            errors.append(miss(drawn, between: a, and: b, at: (frame.time - a.time) / (b.time - a.time)))
        }
        return errors
    }

    /// Whether the server's ball may be read between two of the reference's pictures: in a rally
    /// both, consecutive or a few ticks apart when a server under load lowered its rate (the
    /// interpolation then bridges what it did not send).
    static func bridges(_ a: Truth, _ b: Truth) -> Bool {
        b.tick > a.tick && b.tick - a.tick <= UInt32(WireProtocol.maxSpectatorTickStep) && a.phase == .rally
            && b.phase == .rally
    }

    /// The distance from `drawn` to the server's ball `t` of the way from `a` to `b`.
    static func miss(_ drawn: Vec3, between a: Truth, and b: Truth, at t: Double) -> Double {
        let dx = drawn.x - (a.ball.x + (b.ball.x - a.ball.x) * t), dy = drawn.y - (a.ball.y + (b.ball.y - a.ball.y) * t)
        let dz = drawn.z - (a.ball.z + (b.ball.z - a.ball.z) * t)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// For every frame on which spectator `index` drew the ball in a rally: its distance from the
    /// server's ball at the tick it drew (interpolated between the reference's snapshots), and
    /// how long after the reference saw that tick it was drawn (ms): how far in the past its
    /// picture is.
    static func spectatorErrors(_ frames: [Frame], truth: [Truth], index: Int) -> (errors: [Double], delays: [Double]) {
        var errors: [Double] = [], delays: [Double] = []
        for frame in frames {
            guard frame.watched.indices.contains(index), let watched = frame.watched[index] else { continue }
            // The reference's last snapshot at or before the tick drawn.
            var low = 0, high = truth.count
            while low < high {
                let middle = (low + high) / 2
                if Double(truth[middle].tick) <= watched.tick { low = middle + 1 } else { high = middle }
            }
            let j = low - 1
            guard j >= 0, j + 1 < truth.count else { continue }
            let a = truth[j], b = truth[j + 1]
            guard bridges(a, b) else { continue }
            let t = (watched.tick - Double(a.tick)) / Double(b.tick - a.tick)
            errors.append(miss(watched.ball, between: a, and: b, at: t))
            delays.append((frame.time - (a.time + (b.time - a.time) * t)) * 1000)
        }
        return (errors, delays)
    }

    static func distance(_ a: Vec2, _ b: Vec2) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }
}

public struct ProbeError: Error, CustomStringConvertible {
    public let description: String
}
