import NIOCore
import NIOWebSocket
import HummingbirdWebSocket

/// What a server connection does with each WebSocket frame the client sends, and with a close it
/// starts itself, as a state machine that returns actions (`WebSocketLink` carries them out on
/// the channel's loop). Pure: tests drive it with frames alone (`WebSocketReaderTests`).
///
/// NIO's decoder has already framed, unmasked-on-demand and size-checked each frame (at most
/// `maxMessageSize`), and `WebSocketFrameRules` has already refused unmasked frames and broken
/// control frames. This assembles messages from fragments (at most `maxMessageSize` in all),
/// checks text is UTF-8, answers pings, and runs the close handshake (RFC 6455 §5.4, §5.5, §7):
/// a close from the client is answered and the connection ends; one the server starts ends the
/// connection when the client's answer comes (or, carried out by the link, after a grace).
/// A message that breaks the protocol is answered with its close code (1002, 1007 or 1009) and
/// nothing after it is delivered.
struct WebSocketReader {
    enum Phase: Equatable {
        case open
        /// The server sent its close; waiting for the client's.
        case closing
        /// Both sides are done: the connection ends.
        case closed
    }

    enum Action: Equatable {
        /// A whole message for the session.
        case deliver(WebSocketMessage)
        /// Answer a ping with this payload.
        case pong(ByteBuffer)
        /// Write a close frame; deliver nothing more. The connection ends at `.end`, or after a
        /// grace if the client never answers.
        case sendClose(code: UInt16, reason: String)
        /// End the connection (after what was written).
        case end
    }

    let maxMessageSize: Int
    private(set) var phase = Phase.open
    /// A fragmented message being put together: its kind and its bytes so far.
    private var fragments: (opcode: WebSocketOpcode, bytes: ByteBuffer)?

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// One frame from the client.
    mutating func read(_ frame: WebSocketFrame) -> [Action] {
        switch phase {
        case .closed:
            return []
        case .closing:
            // Nothing but the client's close matters once the server has sent its own.
            guard frame.opcode == .connectionClose else { return [] }
            phase = .closed
            return [.end]
        case .open:
            break
        }
        switch frame.opcode {
        case .connectionClose:
            return answerClose(frame.unmaskedData)
        case .ping:
            return [.pong(frame.unmaskedData)]
        case .pong:
            return []
        case .text, .binary:
            guard !frame.rsv1, !frame.rsv2, !frame.rsv3 else { return fail(.protocolError, "reserved bits set") }
            guard fragments == nil else { return fail(.protocolError, "a new message inside a fragmented one") }
            // The decoder already refuses longer frames; checked again so no configuration of it
            // can hand a session more than the limit.
            guard frame.length <= maxMessageSize else {
                return fail(.messageTooLarge, "message longer than \(maxMessageSize) bytes")
            }
            if frame.fin { return message(frame.opcode, frame.unmaskedData) }
            fragments = (frame.opcode, frame.unmaskedData)
            return []
        case .continuation:
            guard !frame.rsv1, !frame.rsv2, !frame.rsv3 else { return fail(.protocolError, "reserved bits set") }
            guard let (opcode, start) = fragments else {
                return fail(.protocolError, "a continuation frame with no message to continue")
            }
            var bytes = start
            guard bytes.readableBytes + frame.length <= maxMessageSize else {
                fragments = nil
                return fail(.messageTooLarge, "message longer than \(maxMessageSize) bytes")
            }
            fragments = nil
            var data = frame.unmaskedData
            bytes.writeBuffer(&data)
            guard frame.fin else {
                fragments = (opcode, bytes)
                return []
            }
            return message(opcode, bytes)
        default:
            return fail(.protocolError, "reserved opcode")
        }
    }

    /// The server closes: a close frame now, then the end once the client answers.
    mutating func close(code: UInt16, reason: String) -> [Action] {
        guard phase == .open else { return [] }
        phase = .closing
        fragments = nil
        return [.sendClose(code: code, reason: reason)]
    }

    /// The connection ended under it (the peer went away, or the link was removed).
    mutating func ended() {
        phase = .closed
        fragments = nil
    }

    private mutating func message(_ opcode: WebSocketOpcode, _ bytes: ByteBuffer) -> [Action] {
        guard opcode == .text else { return [.deliver(.binary(bytes))] }
        guard let text = String(validating: bytes.readableBytesView, as: UTF8.self) else {
            return fail(.dataInconsistentWithMessage, "text message is not UTF-8")
        }
        return [.deliver(.text(text))]
    }

    private mutating func fail(_ code: WebSocketErrorCode, _ reason: String) -> [Action] {
        close(code: UInt16(webSocketErrorCode: code), reason: reason)
    }

    /// The client's close, answered as RFC 6455 §7.4 asks: 1000 for a valid code (or none), 1002
    /// for a code no endpoint may send, a one-byte body, or a reason that is not UTF-8.
    private mutating func answerClose(_ body: ByteBuffer) -> [Action] {
        phase = .closed
        fragments = nil
        var body = body
        var answer = UInt16(webSocketErrorCode: .normalClosure)
        if body.readableBytes > 0 {
            let code = body.readInteger(as: UInt16.self)
            let validReason = String(validating: body.readableBytesView, as: UTF8.self) != nil
            if code.map(Self.mayBeSent) != true || !validReason {
                answer = UInt16(webSocketErrorCode: .protocolError)
            }
        }
        return [.sendClose(code: answer, reason: ""), .end]
    }

    /// Whether an endpoint may send this close code (RFC 6455 §7.4.1 and IANA's registry: 1004–1006
    /// and 1015 are reserved for reports, never sent; 3000–4999 are for libraries and applications).
    static func mayBeSent(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
