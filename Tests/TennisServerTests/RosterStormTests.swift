import Logging
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct RosterStormTests {
    /// A join storm of spectators must not queue one roster per join on every connection.
    @Test func spectatorsJoiningAtOnceQueueOneRosterEachNotOnePerJoin() async throws {
        let host = MatchHost(code: "STORM", config: MatchConfig(seed: 1, format: .short, surface: .hard),
                             settings: ServerConfiguration(), logger: Logger(label: "test", factory: { _ in
                                 SwiftLogNoOpLogHandler()
                             }))
        var queues: [OutboundQueue] = []
        for index in 0..<200 {
            let joined = try host.join(.init(role: .spectator, code: "STORM", name: "s\(index)"),
                                       connection: ConnectionID(value: UInt64(index + 1)))
            queues.append(joined.outbound)
        }
        var batch: [Outbound] = []
        #expect(await queues[0].next(into: &batch))
        let texts = batch.compactMap { message -> String? in
            if case .text(let text) = message { return text }
            return nil
        }
        // The welcome and the joiner's own roster; the others' joins wait for a tick.
        #expect(texts.count == 2, "\(texts.count) control messages queued")
        #expect(texts.last?.contains("roster") == true)
    }
}
