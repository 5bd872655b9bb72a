import NIOCore
import Synchronization
import TerminalUI

/// The live sessions, so that a server shutting down can say goodbye to each.
final class SSHSessionRegistry: Sendable {
    private struct State {
        var next = 0
        var sessions: [Int: (link: ANSILink, channel: any Channel)] = [:]
    }

    private let state = Mutex(State())

    func add(link: ANSILink, channel: any Channel) -> Int {
        state.withLock { state in
            state.next += 1
            state.sessions[state.next] = (link, channel)
            return state.next
        }
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.sessions.removeValue(forKey: id) }
    }

    var count: Int { state.withLock { $0.sessions.count } }

    /// Each session's terminal size, for tests and the benchmark.
    func sizes() -> [(width: Int, height: Int)] {
        state.withLock { $0.sessions.values.map(\.link) }.map(\.size)
    }

    /// Writes `line` on every session's screen (after restoring it), hangs each up and closes it.
    func sayGoodbye(_ line: String) {
        let sessions = state.withLock { Array($0.sessions.values) }
        for (link, channel) in sessions {
            link.hangUp(farewell: ANSIWriter.leave + SSHChannelOutlet.line("\r\n" + line))
            channel.eventLoop.execute { SSHChannelEnd.finish(channel, status: 0) }
        }
    }
}
