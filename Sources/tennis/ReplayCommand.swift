import TennisProtocol
import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TennisClient
import TennisCore
import TennisStore

/// `tennis replay ID|FILE`: plays a finished match back exactly.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Play a finished match back: from the database, a replay file, or a server.",
        discussion: """
            SOURCE is a match id or code from tennis history, a file written by tennis export, or (with --server) \
            the code of a match that ended on that server (a private match's needs its --invite). Keys: SPACE pause, ←/→ previous/next point, +/- speed \
            (0.25× to 8×), R restart, Q quit. At the end the final state is checked against the recording. \
            --verify checks without a terminal and prints one line: \
            verified <label>: <left> v <right>, <score>, <ticks> ticks, hash <16 hex digits>
            """)

    @Argument(help: "A match id or code, or a replay file.")
    var source: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var display: DisplayOptions

    @Option(help: "Fetch the replay from this server (ws://host:port) instead of the database.")
    var server: String?

    @Option(help: "With --server: the invite secret of a private match (its replay is shown to nobody else).")
    var invite: String?

    @Flag(help: "Replay without a terminal, check the final state hash, print the result.")
    var verify = false

    func validate() throws {
        if let server {
            do { _ = try ServerURL.httpBase(server) } catch { throw ValidationError("\(error)") }
        } else if invite != nil {
            throw ValidationError("--invite goes with --server (this machine's database and files need none)")
        }
    }

    func run() async throws {
        await display.apply()
        let (file, label) = try await load()
        let replay = file.replay
        guard replay.simulationVersion == Replay.simulationVersion else {
            throw CommandFailure(
                "cannot replay \(label): \(Replay.Mismatch.incompatibleVersion(recorded: replay.simulationVersion, current: Replay.simulationVersion)); the tennis release that recorded it can play it")
        }
        if verify {
            let state: MatchState
            do {
                state = try replay.verify()
            } catch {
                throw CommandFailure("replay \(label) does not reproduce the match: \(error)")
            }
            let hash = String(state.stateHash, radix: 16)
            print("verified \(label): \(file.names.left) v \(file.names.right), \(state.score.compactText), "
                  + "\(replay.finalTick) ticks, hash \(String(repeating: "0", count: 16 - hash.count) + hash)")
            return
        }
        try await ReplayScreen.run(file, label: label)
    }

    /// The replay and a label for it ("match 3", the file name, or the code).
    private func load() async throws -> (ReplayFile, String) {
        if let server { return (try await fetch(from: server), source.uppercased()) }
        if FileManager.default.fileExists(atPath: source) {
            guard let data = FileManager.default.contents(atPath: source) else {
                throw CommandFailure("cannot read \(source)")
            }
            do {
                return (try ReplayFile(decoding: data), (source as NSString).lastPathComponent)
            } catch {
                throw CommandFailure("\(source): \(error)")
            }
        }
        guard let file = try await store.open().replay(id: source, access: .owner) else {
            throw CommandFailure("no match '\(source)' in \(store.path) and no such file (see tennis history)")
        }
        return (file, Int(source) != nil ? "match \(source)" : source.uppercased())
    }

    private func fetch(from server: String) async throws -> ReplayFile {
        let query = invite.map { "?invite=\($0.queryValue)" } ?? ""
        let body = try await fetchHistory("/api/matches/\(source.pathSegment)/replay\(query)", from: server) {
            "the server has no replay of \(source): \($0)"
        }
        do {
            return try ReplayFile(decoding: body)
        } catch {
            throw CommandFailure("the server sent a bad replay: \(error)")
        }
    }
}
