import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

@Suite struct GameClientSendTests {
    /// The server drops an input numbered below one it already has, so inputs sent from several
    /// tasks at once must leave in the order of their numbers.
    @Test func inputsSentFromSeveralTasksAtOnceAreQueuedInSequenceOrder() async throws {
        let client = GameClient()
        let senders = 4
        let each = 2_000
        let reader = Task {
            var seen: [UInt32] = []
            for await message in client.queued {
                guard case .binary(let bytes) = message, let frame = try? InputFrame.decode(bytes) else { continue }
                seen.append(frame.sequence)
                if frame.sequence == UInt32(senders * each) { break }
            }
            return seen
        }
        await withTaskGroup(of: Void.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    for index in 0..<each { _ = client.send(PlayerInput(moveX: Int8(sender), moveY: Int8(index % 2))) }
                }
            }
        }
        let seen = await reader.value
        #expect(seen.last == UInt32(senders * each))
        let outOfOrder = zip(seen, seen.dropFirst()).filter { $0 >= $1 }.count
        #expect(outOfOrder == 0, "\(outOfOrder) inputs queued after a higher-numbered one")
    }
}
