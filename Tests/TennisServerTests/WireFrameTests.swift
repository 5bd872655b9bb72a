import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import TennisServer

@Suite struct WireFrameTests {
    /// Reads `bytes` back with NIO's decoder, as a client would.
    private func decode(_ bytes: ByteBuffer) throws -> [WebSocketFrame] {
        let reader = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        try reader.writeInbound(bytes)
        var frames: [WebSocketFrame] = []
        while let frame = try reader.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        #expect(try reader.finish().isClean)
        return frames
    }

    @Test(arguments: [0, 1, 23, 125, 126, 65_535, 65_536, 70_000])
    func aFrameIsOneWholeUnmaskedFrameAroundItsPayload(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let frame = WireFrame(binary: payload)
        let decoded = try decode(frame.bytes)
        #expect(decoded.count == 1)
        #expect(decoded.first?.opcode == .binary)
        #expect(decoded.first?.fin == true)
        #expect(decoded.first?.maskKey == nil)
        #expect(decoded.first.map { Array($0.data.readableBytesView) } == payload)
        #expect(Array(frame.payload.readableBytesView) == payload)
    }

    @Test func textFramesCarryTheirText() throws {
        let frame = WireFrame(text: #"{"type":"roster"}"#)
        let decoded = try #require(try decode(frame.bytes).first)
        #expect(decoded.opcode == .text)
        #expect(String(buffer: decoded.data) == #"{"type":"roster"}"#)
    }

    @Test func framesMadeOnManyThreadsAtOnceAreAllWhole() async throws {
        let frames = await withTaskGroup(of: [WireFrame].self) { group in
            for worker in 0..<8 {
                group.addTask { (0..<200).map { WireFrame(binary: [UInt8(worker), UInt8($0 % 256)]) } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(frames.count == 1_600)
        for frame in frames { #expect(try decode(frame.bytes).first?.data.readableBytes == 2) }
    }
}
