import NIOCore
import NIOSSH
import TerminalUI

/// The handler of an ssh session channel: takes a PTY request (size and `TERM` within bounds),
/// window changes, and one shell or exec (`watch CODE` / `join CODE`) request, then runs the
/// game's screens on an `ANSITerminal` fed from the channel. Every other request (env,
/// subsystem, signal, x11, agent, a second pty or shell) is refused.
///
/// Input is metered (`SSHInputMeter`), a session with no key for `idleSeconds` is ended with a
/// line, and the channel closes when the screens return or the server says goodbye.
final class SSHSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = Never
    typealias OutboundOut = SSHChannelData

    struct Pty {
        var term: String
        var width: Int
        var height: Int
    }

    private let limits: SSHLimits
    private let identity: SSHIdentity
    private let username: String
    private let peer: String
    private let app: SSHSessionApp
    private let registry: SSHSessionRegistry
    private var meter: SSHInputMeter
    private var pty: Pty?
    /// A PTY request refused for its size: said when the shell request comes.
    private var refusedSize: (width: Int, height: Int)?
    private var link: ANSILink?
    private var registration: Int?
    private var lastInput = NIODeadline.uptimeNanoseconds(0)
    private var idleTimer: RepeatedTask?

    init(limits: SSHLimits, identity: SSHIdentity, username: String, peer: String, registry: SSHSessionRegistry,
         app: @escaping SSHSessionApp) {
        self.limits = limits
        self.identity = identity
        self.username = username
        self.peer = peer
        self.registry = registry
        self.app = app
        meter = SSHInputMeter(perSecond: limits.maxInputBytesPerSecond, maxRead: limits.maxReadBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastInput = context.eventLoop.now
        let idle = TimeAmount.nanoseconds(Int64(limits.idleSeconds * 1e9))
        let check = min(idle, .seconds(5))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleRepeatedTask(initialDelay: check, delay: check) { _ in
            let (handler, context) = loopBound.value
            if context.eventLoop.now - handler.lastInput >= idle {
                handler.end(context, farewell: "tennis: no key pressed for \(Int(handler.limits.idleSeconds)) s; goodbye")
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        link?.hangUp()
        if let registration { registry.remove(registration) }
        registration = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        switch meter.read(bytes.readableBytes, nowNanos: context.eventLoop.now.uptimeNanoseconds) {
        case .close(let line):
            end(context, farewell: line)
        case .pass(let count):
            lastInput = context.eventLoop.now
            guard count > 0, let link else { return }
            link.receive(bytes.readableBytesView.prefix(count))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            // Zero columns and rows mean "unknown" (RFC 4254 §6.2: a client with no terminal
            // of its own, e.g. ssh -tt from a script): the usual 80×24.
            let unknown = request.terminalCharacterWidth == 0 && request.terminalRowHeight == 0
            let width = unknown ? 80 : request.terminalCharacterWidth
            let height = unknown ? 24 : request.terminalRowHeight
            let fits = limits.widthRange.contains(width) && limits.heightRange.contains(height)
            if !fits { refusedSize = (width, height) }
            let accepted = fits && pty == nil && link == nil && request.term.utf8.count <= 64
            if accepted { pty = Pty(term: request.term, width: width, height: height) }
            reply(context, accepted, wanted: request.wantReply)
        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            let width = request.terminalCharacterWidth, height = request.terminalRowHeight
            // Out of bounds: the old size stays (the screen is drawn for it).
            if limits.widthRange.contains(width), limits.heightRange.contains(height) {
                link?.resize(width: width, height: height)
            }
        case let request as SSHChannelRequestEvent.ShellRequest:
            start(context, .menu, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.ExecRequest:
            guard let command = SSHCommand(exec: request.command) else {
                // Accepted, so that the client prints why (a refused exec is a bare "failed"),
                // then ended with status 1: nothing is run.
                reply(context, true, wanted: request.wantReply)
                end(context, farewell: "tennis: only 'watch CODE' and 'join CODE' can be run here (or no command, for the menu)",
                    status: 1)
                return
            }
            start(context, command, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            reply(context, false, wanted: request.wantReply)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            reply(context, false, wanted: request.wantReply)
        case let event as ChannelEvent where event == .inputClosed:
            end(context, farewell: nil)
        default:
            // Signals, flow control and the rest need no reply; unknown requests wanting one
            // are answered with a failure by NIOSSH itself.
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func reply(_ context: ChannelHandlerContext, _ ok: Bool, wanted: Bool) {
        guard wanted else { return }
        context.channel.triggerUserOutboundEvent(ok ? ChannelSuccessEvent() : ChannelFailureEvent(), promise: nil)
    }

    private func start(_ context: ChannelHandlerContext, _ command: SSHCommand, wantReply: Bool) {
        guard link == nil else {
            reply(context, false, wanted: wantReply)
            return
        }
        guard let pty else {
            reply(context, true, wanted: wantReply)  // then the reason, and status 1
            let size = refusedSize.map { " (yours: \($0.width)×\($0.height))" } ?? ""
            end(context, farewell: "tennis: this needs a terminal of \(limits.widthRange.lowerBound)–"
                + "\(limits.widthRange.upperBound) columns and \(limits.heightRange.lowerBound)–"
                + "\(limits.heightRange.upperBound) rows\(size); connect with ssh -t", status: 1)
            return
        }
        reply(context, true, wanted: wantReply)
        let channel = context.channel
        let link = ANSILink(width: pty.width, height: pty.height, outlet: SSHChannelOutlet(channel: channel))
        self.link = link
        registration = registry.add(link: link, channel: channel)
        let colourMode = SSHTerminalType.colourMode(term: pty.term)
        let charset = SSHTerminalType.charset(term: pty.term)
        let (app, identity, username, peer) = (self.app, self.identity, self.username, self.peer)
        Task { @MainActor in
            let terminal = ANSITerminal(link: link, colourMode: colourMode, charset: charset)
            await app(SSHSession(terminal: terminal, command: command, identity: identity, username: username, peer: peer))
            terminal.restore()
            link.hangUp()
            channel.eventLoop.execute { SSHChannelEnd.finish(channel, status: 0) }
        }
    }

    /// Ends the session: a last line (after restoring the screen), the exit status, and the close.
    private func end(_ context: ChannelHandlerContext, farewell: String?, status: Int = 0) {
        let line = farewell.map { SSHChannelOutlet.line("\r\n" + $0) } ?? []
        if let link {
            link.hangUp(farewell: ANSIWriter.leave + line)
        } else if !line.isEmpty {
            context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(bytes: line)))),
                                  promise: nil)
        }
        SSHChannelEnd.finish(context.channel, status: status)
    }
}

/// How a session channel ends: its exit status, then the close.
enum SSHChannelEnd {
    static func finish(_ channel: any Channel, status: Int) {
        guard channel.isActive else { return }
        channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
