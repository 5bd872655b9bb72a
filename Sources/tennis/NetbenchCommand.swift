import ArgumentParser
import Foundation
import TennisCore
import TennisLab
import TennisServer

/// `tennis netbench`: how the netcode hides a slow link, measured on this machine.
struct NetbenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netbench", abstract: "Measure prediction and ball extrapolation over a delayed, jittery link.",
        discussion: """
            Starts a server on 127.0.0.1 and a relay that delays every chunk by --delay ± --jitter ms in each \
            direction (in order, like TCP over `tc netem delay D J`). A bot plays one seat through the relay, drawing \
            60 frames a second with the terminal client's own code; a spectator on a direct link records the server's \
            ball. Prints a table, then one JSON line: frames from a key press to the drawn player moving, and the \
            distance between the drawn ball and the server's ball, with the netcode on ("drawn") and as a client \
            without it would show them ("naive"); and for five spectators through the same relay at 60, 30, 20, 15 \
            and 12 pictures a second, the distance from the ball each drew to the server's at the tick it drew, and \
            how far in the past that tick was ("picture delay").
            """)

    @Option(help: "One-way delay in milliseconds.")
    var delay: Double = 50

    @Option(help: "One-way jitter in milliseconds (uniform ±).")
    var jitter: Double = 10

    @Option(help: "How long to measure, in seconds.")
    var seconds: Double = 20

    @Option(help: "The bots' level (1–5).")
    var level: Int = 3

    @Option(help: "Seed for the match, the bots and the jitter.")
    var seed: UInt64 = 1

    @Flag(help: "Print only the JSON line.")
    var json = false

    func validate() throws {
        guard (0...1000).contains(delay) else { throw ValidationError("--delay must be between 0 and 1000 ms") }
        guard jitter >= 0, jitter <= delay else { throw ValidationError("--jitter must be between 0 and --delay") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        guard (1...5).contains(level) else { throw ValidationError("--level must be between 1 and 5") }
    }

    func run() async throws {
        // Every spectator at the rate it asked for: the probe measures the clients, not the
        // server's adaptive rate (which would lower the reference's rate while this machine is busy).
        let server = try await EmbeddedServer.start(ServerConfiguration(host: "127.0.0.1", port: 0,
                                                                        spectatorBatching: .rate(ticks: 1)),
                                                    logger: quietLogger("tennis.server"))
        defer { server.stop() }
        let code = try server.lobby.createMatch(format: .set, surface: .hard, seed: seed)
        let settings = NetcodeProbe.Settings(delay: delay / 1000, jitter: jitter / 1000, seconds: seconds, level: level,
                                             seed: seed)
        let report = try await NetcodeProbe.run(serverPort: server.port, code: code, settings: settings,
                                                logger: quietLogger())
        if !json { print(Self.table(report)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }

    static func table(_ r: NetcodeReport) -> String {
        func row(_ name: String, _ s: NetcodeReport.Spread, _ digits: Int = 1) -> String {
            func f(_ v: Double) -> String { String(format: "%8.\(digits)f", v) }
            return name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + "\(f(s.p50)) \(f(s.p90)) \(f(s.p99)) \(f(s.max)) \(String(format: "%7d", s.samples))"
        }
        return """
            link: \(Int(r.delayMs)) ± \(Int(r.jitterMs)) ms each way, \(Int(r.seconds)) s; \
            \(String(format: "%.1f", r.snapshotsPerSecond)) snapshots/s, \(Int(r.bytesPerSecond)) B/s to the player
            \("".padding(toLength: 34, withPad: " ", startingAt: 0))     p50      p90      p99      max samples
            \(row("round trip (ms)", r.rttMs))
            \(row("key → player moves, drawn (frames)", r.inputToMoveFramesDrawn))
            \(row("key → player moves, naive (frames)", r.inputToMoveFramesNaive))
            \(row("key → player moves, drawn (ms)", r.inputToMoveMsDrawn))
            \(row("key → player moves, naive (ms)", r.inputToMoveMsNaive))
            \(row("ball error, drawn (m)", r.ballErrorMetresDrawn, 3))
            \(row("ball error, naive (m)", r.ballErrorMetresNaive, 3))
            \(zip(NetcodeProbe.spectatorRates, r.spectatorBallErrorMetres).map { rate, spread in
                row("ball error, spectator \(rate) Hz (m)", spread, 3) }.joined(separator: "\n"))
            \(zip(NetcodeProbe.spectatorRates, r.spectatorDelayMs).map { rate, spread in
                row("picture delay, spectator \(rate) Hz (ms)", spread) }.joined(separator: "\n"))
            """
    }
}
