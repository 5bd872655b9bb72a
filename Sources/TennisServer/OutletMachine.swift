import TennisProtocol

/// What a connection's outlet does with each message and channel event, as a state machine that
/// returns actions (`ChannelOutlet` carries them out on the channel's loop). Pure: tests drive it
/// without a channel (`OutletMachineTests`).
///
/// A connection starts `awaitingWelcome`: the match's shared messages are held back until its own
/// first message (the welcome and its keyframe) went out. `open`, it writes while the socket
/// takes data and queues in `PendingMessages` (snapshots latest-wins) while it does not. A close
/// the match asks for, a peer too slow to keep up, the connection link's own close, or the
/// channel ending make it `closing`, after which nothing more is written.
///
/// It also keeps the connection alive: every keep-alive period (`keepAliveDue`) a WebSocket ping
/// goes out, and a peer from which nothing at all arrived (`heard`) for a whole period after a
/// ping is closed with 1001 "ping timeout".
struct OutletMachine {
    enum Phase: Equatable {
        case awaitingWelcome
        case open
        case closing
    }

    enum Action {
        case write(Outbound)
        /// Flush what was written since the last flush (`count` messages).
        case flush(count: Int)
        /// A waiting snapshot was replaced by a newer one.
        case droppedSnapshot
        /// Tell the session to close the WebSocket (nil: the connection ended on its own).
        case signal(ChannelOutlet.Close?)
        /// Cut the connection if the peer has not finished closing after the grace period.
        case cutAfterGrace
        /// Write and flush a WebSocket ping.
        case ping
    }

    private(set) var phase = Phase.awaitingWelcome
    /// The channel's writability, kept from its events (cheaper than asking per message).
    private(set) var writable: Bool
    private var pending: PendingMessages
    private var unflushed = 0
    /// A ping went out and nothing has arrived since.
    private var awaitingPeer = false

    init(controlLimit: Int, writable: Bool = true) {
        pending = PendingMessages(controlLimit: controlLimit)
        self.writable = writable
    }

    /// A message from the match; `shared` ones (to everyone) wait for the connection's own first.
    mutating func deliver(_ message: Outbound, shared: Bool) -> [Action] {
        switch phase {
        case .closing: return []
        case .awaitingWelcome where shared: return []
        case .awaitingWelcome: phase = .open
        case .open: break
        }
        if case .close(let code, let reason) = message {
            return beginClose(ChannelOutlet.Close(code: code, reason: reason))
        }
        guard pending.isEmpty, writable else {
            var actions: [Action] = pending.push(message) ? [.droppedSnapshot] : []
            if pending.tooSlow {
                actions += beginClose(ChannelOutlet.Close(code: WireProtocol.CloseCode.tooSlow, reason: "too_slow"))
            }
            return actions
        }
        return write(message)
    }

    /// What `deliver` decides in its usual case, without making a list of actions: the frame to
    /// write (open, the socket taking data, nothing waiting), or nothing (closing); `.decide`
    /// when it is anything else (`deliver` then; a shared message before the welcome among them). A fan-out calls this for every connection on
    /// every tick.
    enum Delivery {
        case write(WireFrame)
        case nothing
        case decide
    }

    mutating func quickDelivery(_ message: Outbound) -> Delivery {
        guard phase == .open, pending.isEmpty, writable else { return phase == .closing ? .nothing : .decide }
        switch message {
        case .snapshot(let frame, _), .text(let frame):
            unflushed += 1
            return .write(frame)
        case .close:
            return .decide
        }
    }

    /// The end of a delivery batch.
    mutating func flush() -> [Action] {
        let count = takeUnflushed()
        return count > 0 ? [.flush(count: count)] : []
    }

    /// How many messages were written since the last flush (the flush's count), now none.
    mutating func takeUnflushed() -> Int {
        defer { unflushed = 0 }
        return unflushed
    }

    mutating func writabilityChanged(_ writable: Bool) -> [Action] {
        self.writable = writable
        guard writable, phase != .closing, !pending.isEmpty else { return [] }
        return pending.takeAll().flatMap { write($0) } + flush()
    }

    /// Bytes arrived from the peer (a pong or anything else): it is there.
    mutating func heard() {
        awaitingPeer = false
    }

    /// A keep-alive period passed: a ping, or the close of a peer silent since the last one
    /// (none while its socket is full: the slow-peer rule handles that).
    mutating func keepAliveDue() -> [Action] {
        guard phase != .closing else { return [] }
        if awaitingPeer {
            return beginClose(ChannelOutlet.Close(code: WireProtocol.CloseCode.goingAway, reason: "ping timeout"))
        }
        guard writable else { return [] }
        awaitingPeer = true
        return [.ping]
    }

    /// The connection's `WebSocketLink` wrote its close frame: nothing more after it.
    mutating func linkClosing() {
        phase = .closing
        _ = pending.takeAll()
    }

    /// The channel went inactive or the outlet left the pipeline.
    mutating func channelEnded() -> [Action] {
        phase = .closing
        return [.signal(nil)]
    }

    private mutating func write(_ message: Outbound) -> [Action] {
        if case .close = message { return [] }
        unflushed += 1
        return [.write(message)]
    }

    /// Writes what waited (controls always; snapshots unless the peer is too slow), stops
    /// writing, and asks the session to close; a peer that does not finish closing in time is cut.
    private mutating func beginClose(_ close: ChannelOutlet.Close) -> [Action] {
        phase = .closing
        var actions: [Action] = []
        for message in pending.takeAll() {
            if case .close = message { continue }
            if close.code != WireProtocol.CloseCode.tooSlow { actions += write(message) }
        }
        return actions + flush() + [.signal(close), .cutAfterGrace]
    }
}
