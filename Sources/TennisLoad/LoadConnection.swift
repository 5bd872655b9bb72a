import NIOCore
import NIOWebSocket
import TennisCore
import TennisProtocol

/// Who a load connection is.
enum LoadRole: Sendable {
    /// Watches; `countGaps` when it asked for every tick.
    case spectator(countGaps: Bool)
    /// Plays a seat with a `Bot` through a `MatchSession`, as `tennis bot` does.
    case bot(hello: ClientMessage.Hello, level: Int, seed: UInt64)
}

/// One load connection, after the WebSocket upgrade (the connector sends its hello once the HTTP
/// handlers are gone): counts what arrives.
///
/// A spectator only reads each snapshot's stamp (tick and send time), which allocates nothing;
/// a bot decodes snapshots fully and answers with inputs.
final class LoadConnection: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let role: LoadRole
    private let recorder: LoadRecorder
    private var welcomed = false
    /// Refused with an error message: counted as failed once, not again on close.
    private var refused = false
    private var lastTick: UInt64?
    private var bot: SessionSeat?

    init(role: LoadRole, recorder: LoadRecorder) {
        self.role = role
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            if !welcomed, !refused { noteLostWelcome() }
            if bot != nil { playBot(frame.data, context: context) } else { count(frame.data) }
        case .text:
            if !welcomed, !refused {
                readFirstText(frame.data, context: context)
            } else if bot != nil, let message = try? ServerMessage.decode(String(buffer: frame.data)) {
                perform(bot!.receive(message, now: now()), context: context)
            }
        case .ping:
            send(.pong, frame.data, context: context)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if welcomed, recorder.windowEnd > MonotonicClock.micros() { recorder.totals.closedEarly += 1 }
        if !welcomed, !refused { recorder.recordFailure("closed before welcome") }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func readFirstText(_ data: ByteBuffer, context: ChannelHandlerContext) {
        let text = String(buffer: data)
        switch try? ServerMessage.decode(text) {
        case .welcome(let welcome):
            welcomed = true
            if case .bot(let hello, let level, let seed) = role, welcome.seat != nil {
                recorder.totals.openedBots += 1
                bot = SessionSeat(hello: hello, welcome: welcome, level: level, seed: seed, now: now())
            } else {
                recorder.totals.opened += 1
            }
        case .error(let code, _):
            recorder.recordFailure(code)
            refused = true
            context.close(promise: nil)
        case .moved:
            recorder.recordFailure("moved")
            refused = true
            context.close(promise: nil)
        default:
            break
        }
    }

    /// A snapshot before any welcome: the server dropped its welcome. Counted as opened (it is
    /// watching), and reported apart as a protocol fault.
    private func noteLostWelcome() {
        welcomed = true
        recorder.totals.opened += 1
        recorder.totals.failureReasons["welcome lost", default: 0] += 1
    }

    private func count(_ data: ByteBuffer) {
        let now = MonotonicClock.micros()
        guard let stamp = data.withUnsafeReadableBytes({ SnapshotStamp.read($0) }) else { return }
        let tick = stamp.fullTick(near: lastTick ?? UInt64(stamp.tick))
        defer { lastTick = tick }
        guard recorder.inWindow(now) else { return }
        recorder.totals.snapshots += 1
        recorder.totals.bytes += data.readableBytes
        _ = recorder.ages.record(stamp.age(nowMicros: now))
        guard let last = lastTick else { return }
        if tick <= last {
            recorder.totals.repeats += 1
        } else if case .spectator(true) = role, tick > last + 1 {
            recorder.totals.gaps += Int(tick - last - 1)
        }
    }

    private func playBot(_ data: ByteBuffer, context: ChannelHandlerContext) {
        if recorder.inWindow(MonotonicClock.micros()) { recorder.totals.botSnapshots += 1 }
        guard let outputs = bot?.receive(snapshot: Array(data.readableBytesView), now: now()) else { return }
        perform(outputs, context: context)
    }

    private func perform(_ outputs: [SessionSeat.Output], context: ChannelHandlerContext) {
        for output in outputs {
            switch output {
            case .send(let bytes): send(.binary, ByteBuffer(bytes: bytes), context: context)
            case .close: send(.connectionClose, ByteBuffer(), context: context)
            }
        }
    }

    private func now() -> Double { MonotonicClock.seconds() }

    private func send(_ opcode: WebSocketOpcode, _ data: ByteBuffer, context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}
