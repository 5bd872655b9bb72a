import Logging
import NIOCore
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct RosterStormTests {
    /// A join storm of spectators must not send one roster per join to every connection.
    @Test func spectatorsJoiningAtOnceGetOneRosterEachNotOnePerJoin() async throws {
        let host = MatchHost(code: "STORM", config: MatchConfig(seed: 1, format: .short, surface: .hard),
                             settings: ServerConfiguration(), logger: Logger(label: "test", factory: { _ in
                                 SwiftLogNoOpLogHandler()
                             }))
        var outlets: [RecordingOutlet] = []
        for index in 0..<200 {
            let outlet = RecordingOutlet()
            _ = try host.join(.init(role: .spectator, code: "STORM", name: "s\(index)"),
                              connection: ConnectionID(value: UInt64(index + 1)), outlet: outlet)
            outlets.append(outlet)
        }
        let texts = try await outlets[0].texts()
        // The welcome and the joiner's own roster; the others' joins wait for a tick.
        #expect(texts.count == 2, "\(texts.count) control messages sent")
        #expect(texts.first?.contains("welcome") == true)
        #expect(texts.last?.contains("roster") == true)
        let messages = try await outlets[199].messages()
        #expect(messages.count == 3, "welcome, keyframe, roster")
        if case .snapshot(_, let isKeyframe) = messages[1] { #expect(isKeyframe) } else { Issue.record("no keyframe") }
    }
}
