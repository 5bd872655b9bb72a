import Foundation
import NIOCore
import Synchronization
import TennisProtocol

/// The spectators of another node's match on this node: one upstream subscription, its messages
/// passed on unchanged to each of them (each connection's outlet keeps the latest-wins rule), with
/// one hop to each event loop per message, not one per spectator (`RelayMembers`).
///
/// A late joiner gets what a joiner at the owner gets: the welcome, the roster and a keyframe
/// (the newest one seen), and from then on every message. Lean snapshots build on the newest
/// snapshot, so they need no more than that keyframe. Before the upstream's first keyframe a
/// joiner waits (it is `pending`), and gets all three the moment it comes.
final class RelayHost: Sendable {
    let code: String
    private let state = Mutex(State())

    private struct State {
        var welcome: String?
        var roster: String?
        var keyframe: [UInt8]?
        /// Spectators that have had the welcome and a keyframe.
        var members = RelayMembers()
        /// Spectators waiting for the upstream's first keyframe.
        var pending: [ConnectionID: any ConnectionOutlet] = [:]
        /// How the upstream ended (the relay takes nobody after that).
        var ended = false
        /// Members that are other nodes' relays, chained below this one.
        var relayLinks: Set<ConnectionID> = []
    }

    init(code: String) {
        self.code = code
    }

    var spectators: Int { state.withLock { $0.members.count + $0.pending.count } }

    /// The people among them: relays chained below this one report their own audience.
    var audience: Int { state.withLock { max(0, $0.members.count + $0.pending.count - $0.relayLinks.count) } }

    /// Adds a spectator (`relay`: another node's relay, chained below this one); false once the
    /// upstream has ended (ask the directory again).
    func join(_ connection: ConnectionID, outlet: any ConnectionOutlet, relay: Bool = false) -> Bool {
        state.withLock { state in
            guard !state.ended else { return false }
            if relay { state.relayLinks.insert(connection) }
            if let welcome = state.welcome, let keyframe = state.keyframe {
                Self.prime(outlet, welcome: welcome, roster: state.roster, keyframe: keyframe)
                state.members.insert(connection, outlet)
            } else {
                state.pending[connection] = outlet
            }
            return true
        }
    }

    /// Removes a spectator; true when none is left (the upstream may go).
    func leave(_ connection: ConnectionID) -> Bool {
        state.withLock { state in
            state.members.remove(connection)
            state.pending[connection] = nil
            state.relayLinks.remove(connection)
            return state.members.isEmpty && state.pending.isEmpty
        }
    }

    /// Passes one upstream message on. After `.closed` every spectator is closed with the
    /// upstream's code and reason (a refusal's error goes first), and the relay takes nobody.
    func receive(_ message: UpstreamMessage) {
        state.withLock { state in
            switch message {
            case .text(let text):
                let kind = Self.kind(of: text)
                if kind == "welcome" {
                    state.welcome = text
                    return
                }
                if kind == "roster" { state.roster = text }
                // An error (a refusal, `moved`) goes to those still waiting too: a close follows.
                state.members.deliver(.json(text))
                if kind == "error" { RelayMembers.deliver(.json(text), to: Array(state.pending.values)) }
            case .binary(let bytes):
                let isKeyframe = bytes.first == Snapshot.typeByte
                state.members.deliver(.snapshot(bytes, isKeyframe: isKeyframe))
                guard isKeyframe else { return }
                state.keyframe = bytes
                guard let welcome = state.welcome else { return }
                for (connection, outlet) in state.pending {
                    Self.prime(outlet, welcome: welcome, roster: state.roster, keyframe: bytes)
                    state.members.insert(connection, outlet)
                }
                state.pending.removeAll()
            case .closed(let code, let reason):
                state.ended = true
                let close = Outbound.close(code: code ?? WireProtocol.CloseCode.serverShutdown,
                                           reason: reason ?? "the match's node cannot be reached")
                state.members.deliver(close)
                RelayMembers.deliver(close, to: Array(state.pending.values))
                state.members.removeAll()
                state.pending.removeAll()
            }
        }
    }

    /// A joiner's first messages: what the owner sends its own joiners.
    private static func prime(_ outlet: any ConnectionOutlet, welcome: String, roster: String?, keyframe: [UInt8]) {
        let first: [Outbound] = [.json(welcome)] + (roster.map { [.json($0)] } ?? [])
            + [.snapshot(keyframe, isKeyframe: true)]
        outlet.eventLoop.execute {
            for message in first { outlet.deliver(message, shared: false) }
            outlet.flush()
        }
    }

    /// A control message's `type`, read without decoding the rest.
    static func kind(of text: String) -> String? {
        struct Envelope: Decodable { var type: String }
        return try? JSONDecoder().decode(Envelope.self, from: Data(text.utf8)).type
    }
}

/// A relay's spectators by the event loop their connection lives on: a message is handed to each
/// loop once, which writes it to each of its connections and flushes each.
struct RelayMembers {
    private var loops: [ObjectIdentifier: (loop: any EventLoop, outlets: [ConnectionID: any ConnectionOutlet])] = [:]
    private var loopOf: [ConnectionID: ObjectIdentifier] = [:]

    var count: Int { loopOf.count }
    var isEmpty: Bool { loopOf.isEmpty }

    mutating func insert(_ connection: ConnectionID, _ outlet: any ConnectionOutlet) {
        let key = ObjectIdentifier(outlet.eventLoop)
        loops[key, default: (outlet.eventLoop, [:])].outlets[connection] = outlet
        loopOf[connection] = key
    }

    mutating func remove(_ connection: ConnectionID) {
        guard let key = loopOf.removeValue(forKey: connection) else { return }
        loops[key]?.outlets[connection] = nil
        if loops[key]?.outlets.isEmpty == true { loops[key] = nil }
    }

    mutating func removeAll() {
        loops.removeAll()
        loopOf.removeAll()
    }

    func deliver(_ message: Outbound) {
        for (loop, outlets) in loops.values {
            let outlets = Array(outlets.values)
            loop.execute {
                for outlet in outlets { outlet.deliver(message, shared: true) }
                for outlet in outlets { outlet.flush() }
            }
        }
    }

    /// Hands `message` to each outlet on its own loop.
    static func deliver(_ message: Outbound, to outlets: [any ConnectionOutlet]) {
        for outlet in outlets {
            outlet.eventLoop.execute {
                outlet.deliver(message, shared: true)
                outlet.flush()
            }
        }
    }
}
