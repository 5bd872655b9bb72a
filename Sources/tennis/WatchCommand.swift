import ArgumentParser
import Foundation
import Synchronization
import TennisClient
import TennisProtocol

/// `tennis watch CODE`: spectate live.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Spectate a match live.",
        discussion: "With --headless it prints one JSON line of statistics at exit instead of drawing the court.")

    @Argument(help: "The match's join code.")
    var code: String

    @OptionGroup var server: ServerOptions

    @Option(help: "The invite secret of a private match.")
    var invite: String?

    @Flag(help: "Don't draw; count what arrives and print a JSON summary.")
    var headless = false

    @Option(help: "With --headless: how many seconds to watch.")
    var seconds: Double = 10

    @Option(help: "With --headless: stop as soon as this many points have been played (at most --seconds).")
    var points: Int?

    @Option(help: "Your name (default: the one in the config file, else $USER).")
    var name: String?

    @OptionGroup var display: DisplayOptions

    @Option(help: "Snapshots per second to receive, 1–60 (fewer saves bandwidth on slow links).")
    var rate: Int = 60

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("seconds must be positive") }
        if let points, points < 1 { throw ValidationError("points must be at least 1") }
        if points != nil && !headless { throw ValidationError("--points is for --headless") }
        guard (1...60).contains(rate) else { throw ValidationError("rate must be between 1 and 60") }
    }

    func run() async throws {
        await display.apply()
        let name = self.name.flatMap(PlayerName.sanitise) ?? (try? UserConfig.load())?.name
            ?? PlayerName.sanitise(PlayerOptions.defaultName) ?? "Spectator"
        let hello = ClientMessage.Hello(role: .spectator, code: code, name: name, rate: rate == 60 ? nil : rate,
                                        invite: invite)
        if headless {
            try await runHeadless(hello)
        } else {
            let outcome = await PlayScreen.run(endpoint: server.endpoint, hello: hello, identity: .anonymous, hostInfo: nil,
                                               tls: try server.tls())
            if let message = outcome.errorMessage { throw CommandFailure(explain(message, outcome.errorCode)) }
        }
    }

    /// A refusal, plus where to look when the match has already finished.
    private func explain(_ message: String, _ code: String?) -> String {
        guard code == "not_found" else { return message }
        return "\(message); if it has finished, replay it with: tennis replay \(self.code) --server \(server.server)"
    }

    @MainActor
    private func runHeadless(_ hello: ClientMessage.Hello) async throws {
        // Redirects are followed by the session; a lost link ends the watch (it is a measurement).
        let runner = MatchSessionRunner(.init(url: server.endpoint, hello: hello, retry: .never), pingInterval: 0,
                                        tls: try server.tls(), logger: quietLogger())
        var stats = SpectatorStats()
        var matchOver = false
        var enoughPoints = false
        let points = self.points
        runner.onEvent = { event in
            stats.record(event, nowMicros: MonotonicClock.micros())
            if case .snapshot(let snapshot) = event, snapshot.status == .finished { matchOver = true }
            if let points, !enoughPoints, stats.pointsPlayed >= points {
                enoughPoints = true
                Task { @MainActor in runner.leave() }
            }
        }
        runner.start()
        let timedOut = Atomic(false)
        let timer = Task { @MainActor in
            try await Task.sleep(for: .seconds(seconds))
            timedOut.store(true, ordering: .relaxed)
            runner.leave()
        }
        let ending = await runner.ended()
        timer.cancel()
        let failure = ending.errorCode.map { explain(ending.reason, $0) } ?? ending.reason
        if stats.snapshots == 0 {
            throw CommandFailure("could not watch \(code): \(failure)")
        }
        struct Summary: Encodable {
            var snapshots: Int
            var rate_hz: Double
            var ticks_per_snapshot: Double
            var bytes: Int
            var points_played: Int
            var score: String
        }
        let summary = Summary(snapshots: stats.snapshots, rate_hz: (stats.rateHz * 10).rounded() / 10,
                              ticks_per_snapshot: (stats.ticksPerSnapshot * 100).rounded() / 100,
                              bytes: runner.bytesReceived, points_played: stats.pointsPlayed, score: stats.score)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        // Watching ends when the time is up, enough points were seen or the match is over;
        // anything else (the server died, closed on us, or the link could not be got back) is a
        // failure.
        if !timedOut.load(ordering: .relaxed) && !matchOver && !enoughPoints {
            throw CommandFailure("the stream ended after \(stats.snapshots) snapshots, before \(seconds) s: "
                                 + failure)
        }
    }
}
