import NIOCore
import NIOEmbedded
import NIOWebSocket
import TennisProtocol
import Testing
import TestSupport

@testable import TennisServer

@Suite struct ChannelOutletTests {
    /// A channel with NIO's frame encoder, as after a WebSocket upgrade, and the outlet installed.
    private func outletOnChannel(keepAlive: TimeAmount? = nil) throws -> (ChannelOutlet, EmbeddedChannel) {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        let metrics = ServerMetrics()
        let outlet = ChannelOutlet(eventLoop: channel.eventLoop, controlLimit: 4, written: metrics.messagesOut,
                                   dropped: metrics.snapshotsDropped, keepAlive: keepAlive)
        try outlet.install(in: channel.pipeline.syncOperations)
        return (outlet, channel)
    }

    /// The close the session will be asked to start, as `SessionHandler.seat` is (at once if
    /// it was asked for already).
    private func closeAsked(_ outlet: ChannelOutlet) -> Watched<ChannelOutlet.Close?> {
        let asked = Watched<ChannelOutlet.Close?>(nil)
        outlet.whenCloseRequested { close in
            asked.update { $0 = close }
        }
        return asked
    }

    /// The bytes written so far, read back as frames by NIO's decoder.
    private func frames(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        let reader = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder()))
        while let bytes = try channel.readOutbound(as: ByteBuffer.self) { try reader.writeInbound(bytes) }
        var frames: [WebSocketFrame] = []
        while let frame = try reader.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        #expect(try reader.finish().isClean)
        return frames
    }

    /// The frames written so far, as labels: T:text, B:first byte of a binary frame.
    private func written(_ channel: EmbeddedChannel) throws -> [String] {
        var labels: [String] = []
        for frame in try frames(channel) {
            switch frame.opcode {
            case .text: labels.append("T:\(String(buffer: frame.data))")
            case .binary: labels.append("B:\(frame.data.getInteger(at: frame.data.readerIndex, as: UInt8.self) ?? 0)")
            default: labels.append("op:\(frame.opcode)")
            }
        }
        return labels
    }

    @Test func theMatchsMessagesWaitForTheConnectionsOwnWelcomeAndGoOutOnFlush() throws {
        let (outlet, channel) = try outletOnChannel()
        outlet.deliver(.json("roster"), shared: true)
        outlet.deliver(.snapshot([2], isKeyframe: false), shared: true)
        outlet.flush()
        #expect(try written(channel).isEmpty)
        outlet.deliver(.json("welcome"), shared: false)
        outlet.deliver(.snapshot([1], isKeyframe: true), shared: false)
        #expect(try written(channel).isEmpty, "nothing before the flush")
        outlet.flush()
        outlet.deliver(.snapshot([3], isKeyframe: false), shared: true)
        outlet.flush()
        #expect(try written(channel) == ["T:welcome", "B:1", "B:3"])
    }

    @Test func aSharedFrameGoesOutAsOneBufferAndTheLibrarysFramesKeepTheirPlace() throws {
        let (outlet, channel) = try outletOnChannel()
        let snapshot = Outbound.snapshot(Array(repeating: 7, count: 23), isKeyframe: false)
        outlet.deliver(.json("welcome"), shared: false)
        outlet.flush()
        _ = try written(channel)
        outlet.deliver(snapshot, shared: true)
        try channel.writeOutbound(WebSocketFrame(fin: true, opcode: .pong, data: ByteBuffer(string: "p")))
        outlet.deliver(snapshot, shared: true)
        outlet.flush()
        let first = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(first.readableBytes == 25, "a 2-byte header and the 23 bytes, in one buffer")
        let rest = try written(channel)
        #expect(rest == ["op:\(WebSocketOpcode.pong)", "B:7"])
    }

    @Test func whileTheSocketIsFullSnapshotsAreLatestWinsAndControlsWaitInOrder() throws {
        let (outlet, channel) = try outletOnChannel()
        outlet.deliver(.json("welcome"), shared: false)
        outlet.flush()
        _ = try written(channel)
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        outlet.deliver(.snapshot([10], isKeyframe: true), shared: true)
        outlet.deliver(.json("event"), shared: true)
        for byte: UInt8 in 11...15 { outlet.deliver(.snapshot([byte], isKeyframe: false), shared: true) }
        outlet.flush()
        #expect(try written(channel).isEmpty)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try written(channel) == ["B:10", "T:event", "B:15"])
    }

    @Test func aPeerThatLetsControlsPileUpIsAskedToCloseAsTooSlow() async throws {
        let (outlet, channel) = try outletOnChannel()
        outlet.deliver(.json("welcome"), shared: false)
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        for index in 0..<5 { outlet.deliver(.json("roster\(index)"), shared: true) }
        #expect(closeAsked(outlet).read { $0 } == .init(code: WireProtocol.CloseCode.tooSlow, reason: "too_slow"))
        outlet.deliver(.json("after"), shared: true)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try !written(channel).contains("T:after"))
    }

    @Test func aCloseAsksTheSessionAfterWhatCameBeforeAndNothingIsWrittenAfterTheLibrarysClose() async throws {
        let (outlet, channel) = try outletOnChannel()
        outlet.deliver(.json("welcome"), shared: false)
        outlet.deliver(.json("error"), shared: false)
        outlet.deliver(.close(code: 4400, reason: "bad"), shared: false)
        #expect(try written(channel) == ["T:welcome", "T:error"])
        #expect(closeAsked(outlet).read { $0 } == .init(code: 4400, reason: "bad"))
        // The library writes its close frame through the outlet; the match's frames stop there.
        try await channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: ByteBuffer())).get()
        outlet.deliver(.json("late"), shared: true)
        outlet.flush()
        #expect(try written(channel) == ["op:\(WebSocketOpcode.connectionClose)"])
    }

    /// Every period a ping goes out; a peer heard from since is pinged again, one silent for a
    /// whole period after a ping is asked to close (1001 "ping timeout"), with no task waiting.
    @Test func aPeerIsPingedEachPeriodAndClosedWhenSilentForAWholeOne() throws {
        let (outlet, channel) = try outletOnChannel(keepAlive: .seconds(20))
        let asked = closeAsked(outlet)
        outlet.deliver(.json("welcome"), shared: false)
        outlet.flush()
        channel.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(try written(channel) == ["T:welcome"])
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try written(channel) == ["op:\(WebSocketOpcode.ping)"])
        try channel.writeInbound(ByteBuffer(bytes: [0x8A, 0x80, 1, 2, 3, 4]))  // its pong (masked, empty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(20))
        #expect(try written(channel) == ["op:\(WebSocketOpcode.ping)"], "heard from: pinged again")
        #expect(asked.read { $0 } == nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(20))
        #expect(try written(channel).isEmpty)
        #expect(asked.read { $0 } == .init(code: WireProtocol.CloseCode.goingAway, reason: "ping timeout"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(try written(channel).isEmpty, "no ping after the close")
    }
}
