import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Testing
import TestSupport

@testable import TennisServer
import TennisCore

/// The server's side of RFC 6455 past the frame decoder: messages put together from fragments,
/// text checked, pings answered, and both ways of closing.
@Suite struct WebSocketReaderTests {
    private func frame(_ opcode: WebSocketOpcode, _ bytes: [UInt8], fin: Bool = true, rsv1: Bool = false)
        -> WebSocketFrame
    {
        WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, maskKey: WebSocketMaskingKey([1, 2, 3, 4]),
                       data: Self.masked(bytes))
    }

    /// `bytes` masked with the key the frames above carry (the decoder hands frames over still masked).
    private static func masked(_ bytes: [UInt8]) -> ByteBuffer {
        let key: [UInt8] = [1, 2, 3, 4]
        return ByteBuffer(bytes: bytes.enumerated().map { $0.element ^ key[$0.offset % 4] })
    }

    private func text(_ string: String, fin: Bool = true) -> WebSocketFrame { frame(.text, Array(string.utf8), fin: fin) }

    private func closeCode(_ actions: [WebSocketReader.Action]) -> UInt16? {
        for case .sendClose(let code, _) in actions { return code }
        return nil
    }

    @Test func aFragmentedMessageIsPutTogetherAndControlFramesMayComeBetween() {
        var reader = WebSocketReader(maxMessageSize: 64)
        #expect(reader.read(text("hel", fin: false)).isEmpty)
        #expect(reader.read(frame(.ping, [9])) == [.pong(ByteBuffer(bytes: [9]))])
        #expect(reader.read(frame(.continuation, Array("lo".utf8), fin: false)).isEmpty)
        #expect(reader.read(frame(.continuation, Array(" you".utf8))) == [.deliver(.text("hello you"))])
        #expect(reader.read(frame(.binary, [1, 2, 3])) == [.deliver(.binary(ByteBuffer(bytes: [1, 2, 3])))])
        #expect(reader.phase == .open)
    }

    @Test func brokenMessagesAreClosedWithTheirCodesAndNothingAfterIsDelivered() {
        var outOfPlace = WebSocketReader(maxMessageSize: 64)
        #expect(closeCode(outOfPlace.read(frame(.continuation, [1]))) == 1002)
        #expect(outOfPlace.read(text("late")).isEmpty, "nothing is delivered once the server closes")

        var interleaved = WebSocketReader(maxMessageSize: 64)
        _ = interleaved.read(text("a", fin: false))
        #expect(closeCode(interleaved.read(text("b"))) == 1002)

        var tooLong = WebSocketReader(maxMessageSize: 8)
        _ = tooLong.read(frame(.binary, [UInt8](repeating: 0, count: 6), fin: false))
        #expect(closeCode(tooLong.read(frame(.continuation, [0, 0, 0]))) == 1009)

        var notUTF8 = WebSocketReader(maxMessageSize: 64)
        #expect(closeCode(notUTF8.read(frame(.text, [0x68, 0xC3, 0x28]))) == 1007)

        var reserved = WebSocketReader(maxMessageSize: 64)
        #expect(closeCode(reserved.read(frame(.binary, [1], rsv1: true))) == 1002)

        var unknownOpcode = WebSocketReader(maxMessageSize: 64)
        #expect(closeCode(unknownOpcode.read(frame(WebSocketOpcode(encodedWebSocketOpcode: 3)!, [1]))) == 1002)
    }

    @Test func aClientsCloseIsAnsweredAndEndsTheConnection() {
        func answer(_ body: [UInt8]) -> [WebSocketReader.Action] {
            var reader = WebSocketReader(maxMessageSize: 64)
            let actions = reader.read(frame(.connectionClose, body))
            #expect(reader.phase == .closed)
            #expect(actions.last == .end)
            return actions
        }
        #expect(closeCode(answer([])) == 1000)
        #expect(closeCode(answer([0x03, 0xE8] + Array("bye".utf8))) == 1000)
        #expect(closeCode(answer([0x0F, 0xA0])) == 1000, "4000: an application's code")
        #expect(closeCode(answer([0x03, 0xED])) == 1002, "1005 is never sent")
        #expect(closeCode(answer([0x03])) == 1002, "a one-byte body")
        #expect(closeCode(answer([0x03, 0xE8, 0xFF])) == 1002, "a reason that is not UTF-8")
    }

    @Test func aCloseTheServerStartsWaitsForTheClientsAnswer() {
        var reader = WebSocketReader(maxMessageSize: 64)
        #expect(reader.close(code: 4503, reason: "bye") == [.sendClose(code: 4503, reason: "bye")])
        #expect(reader.close(code: 1000, reason: "") == [], "one close only")
        #expect(reader.read(text("still talking")) == [])
        #expect(reader.read(frame(.ping, [])) == [], "no pong once closing")
        #expect(reader.read(frame(.connectionClose, [0x03, 0xE8])) == [.end])
        #expect(reader.phase == .closed)
        #expect(reader.read(text("after")) == [])
    }

    /// Garbage in any order: random frames of every opcode (reserved ones too), fin and reserved
    /// bits, lengths around the limit and bytes that are seldom UTF-8, 3,000 seeded sequences.
    /// Whatever comes, the reader keeps the rules a session relies on: nothing delivered is over
    /// the limit, every ping is answered with its own bytes until a close, one close at most and
    /// nothing but `.end` after it, and nothing at all after the end.
    @Test(.cpuBound) func randomFramesNeverBreakTheReadersRules() {
        let limit = 32
        var random = SplitMix64(seed: 0x5EED_F2A3)
        for _ in 0..<3_000 {
            var reader = WebSocketReader(maxMessageSize: limit)
            var closed = false
            var ended = false
            for _ in 0..<Int.random(in: 1...14, using: &random) {
                let opcode = WebSocketOpcode(encodedWebSocketOpcode: UInt8.random(in: 0...15, using: &random))!
                let length = [0, 1, 2, 3, 5, 16, 31, 32, 33, 40].randomElement(using: &random)!
                let alphabet: [UInt8] = Bool.random(using: &random)
                    ? Array("ab {}\":,0".utf8) : [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0xFF, 0x03, 0xE8]
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
                let actions = reader.read(
                    frame(opcode, bytes, fin: Int.random(in: 0..<4, using: &random) != 0,
                          rsv1: Int.random(in: 0..<10, using: &random) == 0))
                if ended {
                    #expect(actions.isEmpty, "nothing after the end")
                    continue
                }
                if let end = actions.firstIndex(of: .end) {
                    #expect(end == actions.count - 1)
                    #expect(reader.phase == .closed)
                    ended = true
                }
                for action in actions {
                    switch action {
                    case .deliver(.text(let text)):
                        #expect(!closed && text.utf8.count <= limit)
                    case .deliver(.binary(let data)):
                        #expect(!closed && data.readableBytes <= limit)
                    case .pong(let payload):
                        #expect(!closed && opcode == .ping && payload == ByteBuffer(bytes: bytes))
                    case .sendClose(let code, _):
                        #expect(!closed, "one close only")
                        #expect(WebSocketReader.mayBeSent(code))
                        closed = true
                    case .end:
                        #expect(closed || opcode == .connectionClose)
                    }
                }
                if opcode == .ping, !closed, reader.phase == .open {
                    #expect(actions.count == 1, "a ping is answered")
                }
            }
        }
    }
}
