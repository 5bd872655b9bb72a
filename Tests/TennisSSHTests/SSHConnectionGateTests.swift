import NIOCore
import NIOEmbedded
import Testing
@testable import TennisSSH

/// The connection's first handler on a test channel with stepped time: the login deadline and
/// the refusal line.
@Suite struct SSHConnectionGateTests {
    func connect(_ admission: SSHAdmission, address: String = "10.0.0.1") async throws
        -> (NIOAsyncTestingChannel, NIOLoopBound<SSHConnectionGate>)
    {
        let channel = NIOAsyncTestingChannel()
        let gate = try await channel.testingEventLoop.executeInContext {
            let gate = SSHConnectionGate(admission: admission, authSeconds: 20,
                                         addressKey: { $0?.ipAddress ?? "unknown" })
            try channel.pipeline.syncOperations.addHandler(gate)
            return NIOLoopBound(gate, eventLoop: channel.testingEventLoop)
        }
        try await channel.connect(to: SocketAddress(ipAddress: address, port: 40000))
        return (channel, gate)
    }

    @Test func noLoginWithinTheDeadlineCloses() async throws {
        let admission = SSHAdmission(maxTotal: 10, maxPerAddress: 10)
        let (channel, _) = try await connect(admission)
        await channel.testingEventLoop.advanceTime(by: .seconds(19))
        #expect(channel.isActive)
        await channel.testingEventLoop.advanceTime(by: .seconds(1))
        try await channel.closeFuture.get()
        #expect(admission.counts.total == 0, "released when closed")
    }

    @Test func aLoginInTimeStaysOpen() async throws {
        let admission = SSHAdmission(maxTotal: 10, maxPerAddress: 10)
        let (channel, gate) = try await connect(admission)
        try await channel.testingEventLoop.executeInContext { gate.value.loginSucceeded() }
        await channel.testingEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        #expect(admission.counts.total == 1)
        try await channel.close()
    }

    @Test func aRefusedConnectionHearsWhyAndCloses() async throws {
        let admission = SSHAdmission(maxTotal: 10, maxPerAddress: 1)
        let (first, _) = try await connect(admission)
        let (second, _) = try await connect(admission)
        try await second.closeFuture.get()
        let line = try await second.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
        #expect(line == "tennis: too many ssh sessions from your address\r\n")
        #expect(admission.counts.total == 1)
        try await first.close()
    }
}
