import HummingbirdWebSocket
import NIOCore
import TennisProtocol
import TennisRecords

/// Spectators of another node's match, served on this node through its relay (`RelayHub`):
/// players are never relayed (they play on the owner), nor are private matches (only the owner
/// checks an invite).
extension SessionHandler {
    /// The node a spectator of `code` is relayed from: the open relay's source, or for a new
    /// relay of a public match the owner the directory names, or (`chain`) the relay node below
    /// it with room (`ServerConfiguration.relayFanout`); nil to go the usual way (sent on, or
    /// not found). Another node's relay asking here never chains further: it hangs below this
    /// node's relay or subscribes to the owner, so the tree cannot loop.
    func relaySource(_ code: String, relays: RelayHub, chain: Bool = true) async -> String? {
        let code = code.uppercased()
        if let source = relays.source(of: code) { return source }
        guard let link else { return nil }
        do {
            guard let owner = try await link.ask("find a match to relay", { try await $0.owner(of: code) })
            else { return nil }
            let listed = try await link.ask("find a match to relay") { try await $0.liveMatches() }
            guard listed.contains(where: { $0.code == code }) else { return nil }
            guard chain else { return owner }
            let fanout = settings.relayFanout
            let parent = try? await link.ask("choose a relay to follow") {
                try await $0.relayParent(code: code, owner: owner, fanout: fanout)
            }
            return (parent ?? nil) ?? owner
        } catch {
            return nil
        }
    }

    /// Serves a spectator from this node's relay of the match until it leaves or the relay ends.
    /// Pings are answered here; chat lines go up to the owner (held to one a second here, as
    /// there), and come back down with everyone's; an input closes it, as at the owner. Once it
    /// is in, its messages are taken on its loop (`RelayedReader`) and `ended` is called when it
    /// is over.
    @inline(never)
    func watch(_ hello: ClientMessage.Hello, from owner: String, through relays: RelayHub, connection: ConnectionID,
               link: WebSocketLink, channel: any Channel, ended: @escaping @Sendable () -> Void) async {
        let code = hello.code.uppercased(), relay = hello.relay == true, rate = hello.rate
        let name = WireProtocol.sanitise(hello.name)
        guard let outlet = await outlet(on: channel) else {
            ended()
            return
        }
        let host = relays.join(code: code, owner: owner, connection: connection, outlet: outlet, rate: rate,
                               relay: relay)
        outlet.whenCloseRequested { close in link.closeSoon(code: close.code, reason: close.reason) }
        let reader = RelayedReader(session: self, outlet: outlet, relay: relay) { from, text in
            relays.say(code: code, from: from ?? name, text: text)
        }
        link.take({ reader.take($0) }, ended: {
            relays.leave(code: code, host: host, connection: connection)
            ended()
        })
    }

    /// A relayed spectator's reads: its rate limits, and where its chat goes. Used only on its loop.
    final class RelayedReader: @unchecked Sendable {
        let session: SessionHandler
        let outlet: ChannelOutlet
        let relay: Bool
        /// Passes a chat line up (`from`: the sender a relay chained below names; nil: this spectator).
        let say: (_ from: String?, _ text: String) -> Void
        var controls: RateLimiter
        var chat = RateLimiter(perSecond: 1)
        /// The connection broke a rule and was told to close: nothing more is taken.
        var failed = false

        init(session: SessionHandler, outlet: ChannelOutlet, relay: Bool,
             say: @escaping (_ from: String?, _ text: String) -> Void) {
            self.session = session
            self.outlet = outlet
            self.relay = relay
            self.say = say
            controls = session.controlLimiter(relay: relay)
        }

        func take(_ message: WebSocketMessage) {
            guard !failed else { return }
            guard let failure = session.takeRelayed(message, controls: &controls, chat: &chat, outlet: outlet,
                                                    relay: relay, say: say) else { return }
            failed = true
            session.lobby.metrics.rejected(failure.code)
            outlet.send(.json(ServerMessage.error(code: failure.code, message: failure.message).encode()),
                        .close(code: failure.close, reason: failure.code))
        }
    }

    /// One message of a relayed spectator: what it asks, or why the connection must close.
    func takeRelayed(_ message: WebSocketMessage, controls: inout RateLimiter, chat: inout RateLimiter,
                     outlet: ChannelOutlet, relay: Bool,
                     say: (_ from: String?, _ text: String) -> Void) -> SessionFailure? {
        lobby.metrics.messagesIn.increment()
        switch message {
        case .binary:
            return SessionFailure(code: "spectator_input", message: "spectators cannot send inputs",
                                  close: WireProtocol.CloseCode.forbidden)
        case .text(let text):
            do {
                guard try controlAllowed(&controls, reply: { outlet.send($0) }) else { return nil }
            } catch {
                return error
            }
            do {
                switch try ClientMessage.decode(text) {
                case .ping(let id, let clientTime):
                    let pong = ServerMessage.pong(id: id, clientTime: clientTime, serverTime: MonotonicClock.micros())
                    outlet.send(.json(pong.encode()))
                case .chat(let line):
                    if chatAllowed(&chat, reply: { outlet.send($0) }), let clean = Self.cleanChat(line) {
                        say(nil, clean)
                    }
                case .relayedChat(let from, let line):
                    guard relay else { return Self.notARelay }
                    if let clean = Self.cleanChat(line) { say(MatchHost.displayName(from), clean) }
                case .rematch:
                    refuseRematch { outlet.send($0) }
                case .hello, .challenge:
                    return SessionFailure(code: "duplicate_hello", message: "hello was already received",
                                          close: WireProtocol.CloseCode.protocolError)
                }
            } catch {
                return SessionFailure(code: error.code, message: error.description,
                                      close: WireProtocol.CloseCode.protocolError)
            }
            return nil
        }
    }
}
