import Foundation
import TennisClient
import TennisCore
import Testing
import TestSupport

/// The watch page draws a spectator's ball between two snapshots (`assets/web/motion.js`,
/// `ballBetween`) as the terminal client does (`SpectatorBall`): the same positions, fractions
/// of a tick included, through the hits, serves and bounces of a bot match seen at 12 Hz.
@Suite(.serialized, .heavy) struct PageMotionTests {
    static let phases = ["serving", "rally", "point_over", "match_over"]

    /// A snapshot's view as the page's decoder gives it (the fields `ballBetween` reads).
    static func page(_ view: MatchView) -> [String: Any] {
        let ball = view.ball
        return ["tick": Int(view.tick), "phase": phases[Int(view.phase.rawValue)], "tossing": view.tossing,
                "ball": ["x": ball.position.x, "y": ball.position.y, "z": ball.position.z, "vx": ball.velocity.x,
                         "vy": ball.velocity.y, "vz": ball.velocity.z, "spin": ball.spin, "visible": ball.visible,
                         "lastHitter": Int(ball.lastHitter), "bounces": Int(ball.bounces)] as [String: Any]]
    }

    @Test(.enabled(if: BrowserWatchTests.runs, "needs chromium and chromedriver"), .timeLimit(.minutes(4)))
    func pageDrawsASpectatorsBallAsTheTerminalClientDoes() async throws {
        let surface = Surface.hard
        var state = MatchState(config: MatchConfig(seed: 11, surface: surface))
        var bots = PerPlayer(Bot(level: 4, seed: 12), Bot(level: 3, seed: 13))
        var events: [MatchEvent] = []
        var views: [MatchView] = []
        for _ in 0..<3_000 {
            let view = state.view
            views.append(view)
            state.step(inputs: PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view)),
                       events: &events)
        }
        // Pairs five ticks apart with the ball visible in both; every one with a hit or a serve,
        // and as many without.
        var pairs: [(MatchView, MatchView)] = [], plain = 0
        for start in stride(from: 0, to: views.count - 5, by: 5) {
            let a = views[start], b = views[start + 5]
            guard a.ball.visible, b.ball.visible, a.phase != .matchOver else { continue }
            let hit = a.ball.lastHitter != b.ball.lastHitter || a.phase != b.phase
            if hit || plain < 40 {
                pairs.append((a, b))
                if !hit { plain += 1 }
            }
        }
        let hits = pairs.count { $0.0.ball.lastHitter != $0.1.ball.lastHitter }
        try #require(hits >= 10, "\(hits) hits between pictures")
        let ticks = [0, 1, 1.5, 2, 3.25, 4, 5]
        let expected = pairs.map { a, b in
            ticks.map { SpectatorBall.position(from: a, to: b, ticks: $0, surface: surface) }
        }
        let cases = String(decoding: try JSONSerialization.data(withJSONObject: pairs.map { [Self.page($0.0), Self.page($0.1)] }),
                           as: UTF8.self)

        try await BrowserWatchTests.withBrowser { browser, started in
            let port = try await started.server()
            try await browser.open("http://127.0.0.1:\(port)/")
            let answer = try #require(try await browser.runAsync("""
                const done = arguments[arguments.length - 1], cases = \(cases), ticks = \(ticks);
                const court = { restitution: \(surface.restitution), horizontal_retention: \(surface.horizontalRetention) };
                import('/web/motion.js').then(({ ballBetween }) => {
                  done(JSON.stringify(cases.map(([a, b]) => ticks.map((k) => {
                    const p = ballBetween(a, b, k, court);
                    return [p.x, p.y, p.z];
                  }))));
                }, (e) => done(String(e)));
                """) as? String)
            let drawn = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [[[Double]]], "\(answer)")
            try #require(drawn.count == expected.count)
            var worst = 0.0
            for (page, swift) in zip(drawn, expected) {
                for (p, s) in zip(page, swift) {
                    worst = max(worst, abs(p[0] - s.x), abs(p[1] - s.y), abs(p[2] - s.z))
                }
            }
            #expect(worst < 1e-6, "the page's ball is up to \(worst) m from SpectatorBall's")
        }
    }
}
