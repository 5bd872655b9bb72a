import ArgumentParser
import Foundation
import TennisLoad
import TennisProtocol
import TennisRecords

/// `tennis loadtest`: bot-vs-bot matches and many spectators against a server, measured.
struct LoadtestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest", abstract: "Load a server with bot matches and spectators and measure delivery.",
        discussion: """
            Creates --matches bot-vs-bot matches (two bot connections each) and --spectators spectator connections \
            (spread over the matches, or all on the first with --hot), measures --seconds after a warm-up, and prints \
            a few lines, then last one JSON line: opened, failed, delivered_per_s, expected_per_s, bytes_per_s, \
            age_ms {p50,p90,p99,p999,max} (from each snapshot's server send time; same host only), gaps (ticks a \
            full-rate spectator missed), client_cpu_pct, and with --server-pid the server's CPU and memory.
            """)

    @OptionGroup var server: ServerOptions

    @Option(help: "Bot-vs-bot matches to create.")
    var matches: Int = 1

    @Option(help: "Spectator connections.")
    var spectators: Int = 100

    @Option(help: "Seconds to measure.")
    var seconds: Double = 10

    @Option(help: "Seconds to let things settle before measuring.")
    var warmup: Double = 1

    @Flag(help: "Put every spectator on the first match.")
    var hot = false

    @Option(help: "Snapshots per second each spectator asks for, 1–60 (gaps are counted at 60 only).")
    var rate: Int = 60

    @Option(help: "Event-loop threads for the connections.")
    var threads: Int = 1

    @Option(help: "The server's process id, to report its CPU and memory (same host).")
    var serverPid: Int32?

    @Option(name: .customLong("code"), help: ArgumentHelp("An existing match to seat two bots in and watch, instead of creating --matches new ones (repeat for several).", valueName: "code"))
    var codes: [String] = []

    @Option(name: .customLong("spectators-on"), help: ArgumentHelp("A cluster node's WebSocket URL for the spectators (repeat to spread them over several nodes in turn; default: --server). Matches are made on --server.", valueName: "url"))
    var spectatorServers: [String] = []

    func validate() throws {
        guard (1...10_000).contains(matches) else { throw ValidationError("--matches must be between 1 and 10000") }
        guard (0...50_000).contains(spectators) else { throw ValidationError("--spectators must be between 0 and 50000") }
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be between 0 and 3600") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard (1...60).contains(rate) else { throw ValidationError("--rate must be between 1 and 60") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
        guard address != nil else { throw ValidationError("--server must look like ws://127.0.0.1:7878") }
        for code in codes where !Secrets.isMatchCode(code) {
            throw ValidationError("--code must be a 6-character match code, not '\(code)'")
        }
        guard codes.count <= 10_000 else { throw ValidationError("--code: at most 10000 matches") }
        guard spectatorServers.count <= 64 else { throw ValidationError("--spectators-on: at most 64 nodes") }
        for url in spectatorServers where Self.address(of: url) == nil {
            throw ValidationError("--spectators-on must look like ws://127.0.0.1:7879, not '\(url)'")
        }
    }

    private static func address(of text: String) -> LoadOptions.Node? {
        guard let endpoint = try? ServerURL.endpoint(text), let url = URL(string: endpoint), let host = url.host,
              url.scheme == "ws" || url.scheme == "wss" else { return nil }
        return .init(host: host, port: url.port ?? (url.scheme == "wss" ? 443 : 80))
    }

    private var address: LoadOptions.Node? { Self.address(of: server.server) }

    func run() async throws {
        guard let address else { return }
        var options = LoadOptions(host: address.host, port: address.port, matches: matches, spectators: spectators,
                                  hot: hot, seconds: seconds, warmupSeconds: warmup, rate: rate, threads: threads,
                                  serverPID: serverPid)
        options.spectatorNodes = spectatorServers.compactMap(Self.address(of:))
        options.codes = codes.map { $0.uppercased() }
        let report: LoadReport
        do {
            report = try await LoadTest.run(options) { line in
                FileHandle.standardError.write(Data("loadtest: \(line)\n".utf8))
            }
        } catch let error as LoadError {
            throw CommandFailure(error.description)
        }
        for line in report.lines { print(line) }
        print(report.jsonLine)
        fflushStdout()
    }
}
