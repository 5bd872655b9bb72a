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

    @Option(help: "Your name (default: the one in the config file, else $USER).")
    var name: String?

    @OptionGroup var display: DisplayOptions

    @Option(help: "Snapshots per second to receive, 1–60 (fewer saves bandwidth on slow links).")
    var rate: Int = 60

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("seconds must be positive") }
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
            let outcome = await PlayScreen.run(endpoint: server.endpoint, hello: hello, hostInfo: nil,
                                               tls: try server.tls())
            if let message = outcome.errorMessage { throw CommandFailure(explain(message, outcome.errorCode)) }
        }
    }

    /// A refusal, plus where to look when the match has already finished.
    private func explain(_ message: String, _ code: String?) -> String {
        guard code == "not_found" else { return message }
        return "\(message); if it has finished, replay it with: tennis replay \(self.code) --server \(server.server)"
    }

    private func runHeadless(_ hello: ClientMessage.Hello, endpoint: String? = nil, hops: Int = 0) async throws {
        let client = GameClient.connect(url: endpoint ?? server.endpoint, hello: hello, pingInterval: 0,
                                        tls: try server.tls(), logger: quietLogger())
        let timedOut = Atomic(false)
        let timer = Task {
            try await Task.sleep(for: .seconds(seconds))
            timedOut.store(true, ordering: .relaxed)
            client.close()
        }
        var stats = SpectatorStats()
        var matchOver = false
        var failure: String?
        var owner: ServerMessage.Redirect?
        for await event in client.events {
            if let redirect = event.movedTo { owner = redirect }
            stats.record(event, nowMicros: MonotonicClock.micros())
            if case .snapshot(let snapshot) = event, snapshot.status == .finished { matchOver = true }
            if case .error(let code, let message) = event { failure = explain("\(code): \(message)", code) }
            if case .closed(_, let reason) = event, failure == nil { failure = reason ?? "connection closed" }
        }
        timer.cancel()
        if stats.snapshots == 0, let owner, hops < 3 {
            // In a cluster the match may live on another node: watch it there.
            var hello = hello
            hello.reservation = owner.reservation
            return try await runHeadless(hello, endpoint: owner.url, hops: hops + 1)
        }
        if stats.snapshots == 0 {
            throw CommandFailure("could not watch \(code): \(failure ?? "no snapshots arrived")")
        }
        struct Summary: Encodable {
            var snapshots: Int
            var rate_hz: Double
            var bytes: Int
            var points_played: Int
            var score: String
        }
        let summary = Summary(snapshots: stats.snapshots, rate_hz: (stats.rateHz * 10).rounded() / 10,
                              bytes: client.bytesReceived, points_played: stats.pointsPlayed, score: stats.score)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        // Watching ends when the time is up or the match is over; anything else (the server died,
        // closed on us, or the link could not be got back) is a failure.
        if !timedOut.load(ordering: .relaxed) && !matchOver {
            throw CommandFailure("the stream ended after \(stats.snapshots) snapshots, before \(seconds) s: "
                                 + (failure ?? "connection closed"))
        }
    }
}
