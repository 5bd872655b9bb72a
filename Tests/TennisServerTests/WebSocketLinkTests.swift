import HummingbirdWebSocket
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing
import TennisProtocol

@testable import TennisServer

/// A connection's link on its own channel: messages queued for a task and then taken on the
/// loop, reads held while the queue is full, and the ends (the client's close, the server's
/// shutdown).
@Suite struct WebSocketLinkTests {
    /// Counts the reads the channel asks for that get past the link.
    private final class ReadCounter: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = WebSocketFrame
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    /// Stands for a socket's half-close (an `EmbeddedChannel` would close entirely): records it.
    private final class HalfClose: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = WebSocketFrame
        var outputClosed = false
        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            guard mode == .output else { return context.close(mode: mode, promise: promise) }
            outputClosed = true
            promise?.succeed()
        }
    }

    private let halfClose = HalfClose()

    private func connected(closeGrace: TimeAmount = .seconds(5)) throws -> (WebSocketLink, EmbeddedChannel, ReadCounter) {
        let channel = EmbeddedChannel()
        let counter = ReadCounter()
        let link = WebSocketLink(eventLoop: channel.eventLoop, maxMessageSize: 64, closeGrace: closeGrace)
        try channel.pipeline.syncOperations.addHandler(halfClose)
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(link)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return (link, channel, counter)
    }

    private func text(_ string: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: string))
    }

    private func written(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) { frames.append(frame) }
        return frames
    }

    @Test func messagesReadBeforeTheTakerComeFirstThenTheRestAndTheEndOnce() throws {
        let (link, channel, _) = try connected()
        try channel.writeInbound(text("one"))
        try channel.writeInbound(text("two"))
        let taken = Mutex<[String]>([])
        let ends = Atomic<Int>(0)
        link.take({ message in
            if case .text(let text) = message { taken.withLock { $0.append(text) } }
        }, ended: { ends.add(1, ordering: .relaxed) })
        channel.embeddedEventLoop.run()
        try channel.writeInbound(text("three"))
        #expect(taken.withLock { $0 } == ["one", "two", "three"])

        // The client closes: answered with 1000, the channel closed, the end heard once.
        var body = ByteBuffer()
        body.writeInteger(UInt16(1000))
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .connectionClose, data: body))
        channel.embeddedEventLoop.run()
        let answer = try #require(try written(channel).last)
        #expect(answer.opcode == .connectionClose)
        #expect(answer.data.getInteger(at: answer.data.readerIndex, as: UInt16.self) == 1000)
        #expect(!channel.isActive)
        #expect(ends.load(ordering: .relaxed) == 1)
        try channel.writeInbound(text("four"))
        #expect(taken.withLock { $0.count } == 3, "nothing after the end")
    }

    @Test func aFullQueueHoldsTheSocketsReadsUntilTheyAreTaken() throws {
        let (link, channel, counter) = try connected()
        for index in 0..<WebSocketLink.queueLimit { try channel.writeInbound(text("m\(index)")) }
        let before = counter.reads
        channel.read()
        #expect(counter.reads == before, "no read while \(WebSocketLink.queueLimit) messages wait")
        link.take({ _ in }, ended: {})
        channel.embeddedEventLoop.run()
        #expect(counter.reads == before + 1, "the held read goes out once they are taken")
    }

    @Test func aClientWithFarTooManyMessagesWaitingIsClosedAsAFlood() throws {
        let (_, channel, _) = try connected()
        // What one read of many small frames decodes to, reading held or not.
        for index in 0..<WebSocketLink.queueCap { try channel.writeInbound(text("m\(index)")) }
        #expect(try written(channel).isEmpty, "\(WebSocketLink.queueCap) waiting is allowed")
        try channel.writeInbound(text("one too many"))
        let close = try #require(try written(channel).last)
        #expect(close.opcode == .connectionClose)
        #expect(close.data.getInteger(at: close.data.readerIndex, as: UInt16.self) == WireProtocol.CloseCode.tooMany)
        #expect(close.data.getString(at: close.data.readerIndex + 2, length: close.data.readableBytes - 2)
                == "message_flood")
    }

    @Test func aStoppingServerClosesWithItsCodeAndTheClientsAnswerEndsIt() throws {
        let (_, channel, _) = try connected()
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        let close = try #require(try written(channel).last)
        #expect(close.opcode == .connectionClose)
        #expect(close.data.getInteger(at: close.data.readerIndex, as: UInt16.self) == WireProtocol.CloseCode.serverShutdown)
        #expect(halfClose.outputClosed, "nothing more goes out after the close")
        #expect(channel.isActive, "open until the client answers")
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .connectionClose, data: ByteBuffer()))
        #expect(!channel.isActive)
    }

    @Test func aClientThatNeverAnswersIsCutAfterTheGrace() throws {
        let (link, channel, _) = try connected(closeGrace: .seconds(5))
        link.closeOnLoop(code: 4404, reason: "not_found")
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }
}
