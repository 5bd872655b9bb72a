import NIOCore
import NIOEmbedded
import NIOSSH
import Testing
@testable import TennisSSH
import TerminalUI

/// The session channel's rules on a test channel with stepped time: PTY bounds, the idle
/// deadline, the input limits, refused commands and the shutdown goodbye.
@Suite struct SSHSessionHandlerTests {
    struct Harness {
        let channel: NIOAsyncTestingChannel
        let registry: SSHSessionRegistry
        let started: AsyncStream<Void>

        static func make(_ limits: SSHLimits = .init()) async throws -> Harness {
            let channel = NIOAsyncTestingChannel()
            let registry = SSHSessionRegistry()
            let (started, signal) = AsyncStream<Void>.makeStream()
            try await channel.testingEventLoop.executeInContext {
                let handler = SSHSessionHandler(limits: limits, identity: .anonymous, username: "guest",
                                                peer: "10.0.0.1", registry: registry) { session in
                    signal.yield()
                    // Stay until the terminal hangs up, as the screens do.
                    while !session.terminal.hungUp { await session.terminal.waitForInput(upTo: .seconds(60)) }
                }
                try channel.pipeline.syncOperations.addHandler(handler)
            }
            try await channel.connect(to: SocketAddress(ipAddress: "10.0.0.1", port: 22))
            return Harness(channel: channel, registry: registry, started: started)
        }

        func send(_ event: any Sendable) async throws {
            try await channel.testingEventLoop.executeInContext {
                self.channel.pipeline.fireUserInboundEventTriggered(event)
            }
        }

        func type(_ bytes: [UInt8]) async throws {
            try await channel.writeInbound(SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(bytes: bytes))))
        }

        /// Everything written so far, as text.
        func output() async throws -> String {
            var text = ""
            while let data = try await channel.readOutbound(as: SSHChannelData.self) {
                if case .byteBuffer(let buffer) = data.data { text += String(buffer: buffer) }
            }
            return text
        }

        func pty(width: Int = 80, height: Int = 24) -> SSHChannelRequestEvent.PseudoTerminalRequest {
            .init(wantReply: true, term: "xterm-256color", terminalCharacterWidth: width, terminalRowHeight: height,
                  terminalPixelWidth: 0, terminalPixelHeight: 0, terminalModes: .init([:]))
        }

        func waitUntilStarted() async {
            var iterator = started.makeAsyncIterator()
            _ = await iterator.next()
        }
    }

    @Test func anAbsurdPtySizeIsRefusedAndTheShellSaysWhy() async throws {
        let h = try await Harness.make()
        try await h.send(h.pty(width: 5000, height: 24))
        try await h.send(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        let text = try await h.output()
        #expect(text.contains("this needs a terminal of 20–500 columns and 8–200 rows (yours: 5000×24)"))
        try await h.channel.closeFuture.get()
    }

    @Test func anUnknownCommandIsRefused() async throws {
        let h = try await Harness.make()
        try await h.send(h.pty())
        try await h.send(SSHChannelRequestEvent.ExecRequest(command: "cat /etc/passwd", wantReply: true))
        #expect(try await h.output().contains("only 'watch CODE' and 'join CODE' can be run here"))
        try await h.channel.closeFuture.get()
    }

    @Test func anIdleSessionIsEndedWithALine() async throws {
        var limits = SSHLimits()
        limits.idleSeconds = 60
        let h = try await Harness.make(limits)
        try await h.send(h.pty())
        try await h.send(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        await h.waitUntilStarted()
        await h.channel.testingEventLoop.advanceTime(by: .seconds(55))
        try await h.type(Array("w".utf8))  // a key resets the clock
        await h.channel.testingEventLoop.advanceTime(by: .seconds(55))
        #expect(h.channel.isActive)
        await h.channel.testingEventLoop.advanceTime(by: .seconds(10))
        #expect(try await h.output().contains("no key pressed for 60 s; goodbye"))
        try await h.channel.closeFuture.get()
    }

    @Test func aReadOverTheLimitEndsTheSession() async throws {
        var limits = SSHLimits()
        limits.maxReadBytes = 16
        let h = try await Harness.make(limits)
        try await h.send(h.pty())
        try await h.send(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        await h.waitUntilStarted()
        try await h.type(Array(repeating: UInt8(ascii: "a"), count: 17))
        #expect(try await h.output().contains("input of 17 bytes at once is over 16; goodbye"))
        try await h.channel.closeFuture.get()
    }

    @Test func shutdownSaysGoodbyeOnTheScreen() async throws {
        let h = try await Harness.make()
        try await h.send(h.pty())
        try await h.send(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        await h.waitUntilStarted()
        #expect(h.registry.count == 1)
        h.registry.sayGoodbye("tennis: the server is shutting down; goodbye")
        try await h.channel.closeFuture.get()
        let text = try await h.output()
        #expect(text.contains("\u{1B}[?1049l"))  // the screen is restored first
        #expect(text.contains("the server is shutting down; goodbye"))
        #expect(h.registry.count == 0)
    }
}

extension SSHSessionHandlerTests {
    @Test func aPtyOfUnknownSizeIsDrawnAt80By24() async throws {
        let h = try await Harness.make()
        try await h.send(h.pty(width: 0, height: 0))
        try await h.send(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        await h.waitUntilStarted()
        let size = try #require(h.registry.sizes().first)
        #expect(size.width == 80 && size.height == 24)
        h.registry.sayGoodbye("bye")
        try await h.channel.closeFuture.get()
    }
}
