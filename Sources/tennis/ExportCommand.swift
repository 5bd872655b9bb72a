import ArgumentParser
import Foundation
import TennisStore

/// `tennis export ID FILE`: a stored match as a replay file to share.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a stored match's replay to a file (play it with: tennis replay FILE).")

    @Argument(help: "The match's id (see tennis history) or its code.")
    var id: String

    @Argument(help: "The file to write.")
    var file: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let replay = try await store.open().replay(id: id, access: .owner) else {
            throw CommandFailure("no match '\(id)' in \(store.path) (see tennis history)")
        }
        let bytes = replay.encoded()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            throw CommandFailure("cannot write \(file): \(error.localizedDescription)")
        }
        let score = replay.replay.finalState().score.compactText
        print("exported match \(id) (\(replay.names.left) v \(replay.names.right), \(score)) to \(file) (\(bytes.count) bytes)")
    }
}
