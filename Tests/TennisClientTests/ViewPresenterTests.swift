import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// Drawing across a pause, when the server sends a keyframe a second instead of a snapshot a tick.
@Suite struct ViewPresenterTests {
    private func snapshot(tick: UInt32, status: MatchStatus) -> Snapshot {
        var snapshot = rallySnapshot(tick: tick, leftX: -10, ack: 0)
        snapshot.status = status
        snapshot.view.ball = BallView(position: Vec3(x: -5, y: 0, z: 1), velocity: Vec3(x: 20, y: 0, z: 2),
                                      visible: true, lastHitter: 0, bounces: 0)
        return snapshot
    }

    @Test func aPauseOfHeartbeatKeyframesIsNotTakenForJitter() {
        var buffer = SnapshotBuffer()
        let dt = 1.0 / Double(MatchState.ticksPerSecond)
        for tick in UInt32(1)...30 { buffer.insert(snapshot(tick: tick, status: .playing), arrived: Double(tick) * dt) }
        let steady = buffer.delay
        // Paused for 5 s: the frozen tick once a second, then play resumes on the next tick.
        for second in 1...5 { buffer.insert(snapshot(tick: 30, status: .paused), arrived: 30 * dt + Double(second)) }
        buffer.insert(snapshot(tick: 31, status: .playing), arrived: 30 * dt + 5.2)
        #expect(abs(buffer.delay - steady) < 0.001, "delay \(buffer.delay) after the pause, \(steady) before")
    }

    @Test func aPausedBallIsDrawnWhereItStopped() {
        var presenter = ViewPresenter()
        let paused = snapshot(tick: 40, status: .paused)
        presenter.observe(paused, arrived: 10)
        let view = presenter.present(now: 10.5, surface: .hard)
        #expect(view?.ball.position == paused.view.ball.position)
        // In play the same snapshot's ball is drawn ahead, where it flies.
        var playing = ViewPresenter()
        playing.observe(snapshot(tick: 40, status: .playing), arrived: 10)
        #expect(playing.present(now: 10.1, surface: .hard)?.ball.position != paused.view.ball.position)
    }

    /// While the link is down nothing moves on its own: no prediction, no extrapolated ball, and
    /// the other player stays where the server last put it (an issue-15 bug: letters drifted).
    @Test func nothingMovesWhileTheLinkIsDown() {
        var presenter = ViewPresenter()
        let last = snapshot(tick: 40, status: .playing)
        presenter.observe(last, arrived: 10)
        presenter.linkUp = false
        for now in [10.1, 12.0, 45.0] {
            let view = presenter.present(now: now, surface: .hard)
            #expect(view?.ball.position == last.view.ball.position)
            #expect(view?.players[0].position == last.view.players[0].position)
            #expect(view?.players[1].position == last.view.players[1].position)
        }
    }
}
