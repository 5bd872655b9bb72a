import NIOCore

/// Where a match sends one connection's messages.
///
/// The match never waits for a connection: on each tick it hands every event loop the
/// connections that live on it, once, and the loop writes to them (`deliver` for each message,
/// then one `flush`; `LoopFanout`). So the fan-out costs one hop per loop per tick, not a task
/// per connection.
protocol ConnectionOutlet: AnyObject, Sendable {
    /// The loop `deliver` and `flush` must be called on.
    var eventLoop: any EventLoop { get }
    /// On `eventLoop`: writes the message, or holds it (latest-wins) while the peer is slow.
    /// `shared`: one of the match's messages to everyone, which a connection only gets after its
    /// own first message (the welcome and its keyframe) went out.
    func deliver(_ message: Outbound, shared: Bool)
    /// On `eventLoop`: sends what `deliver` wrote since the last flush.
    func flush()
}

extension ConnectionOutlet {
    /// From any thread: delivers the messages in order on the outlet's loop, then flushes.
    func send(_ messages: Outbound...) {
        eventLoop.execute {
            for message in messages { self.deliver(message, shared: false) }
            self.flush()
        }
    }
}
