import HummingbirdWSClient
import Logging
import NIOCore
import NIOSSL
import Synchronization
import TennisCore
import TennisProtocol

/// One connection to a match: sends the hello, inputs and pings; turns what arrives into
/// `ClientEvent`s. It never touches a terminal.
public final class GameClient: Sendable {
    /// Everything the server says, in order, ending with `.closed`.
    public let events: AsyncStream<ClientEvent>
    private let eventSink: AsyncStream<ClientEvent>.Continuation
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let outgoingStream: AsyncStream<Outgoing>
    /// The last input's sequence number; held while that input is queued, so sequence order is
    /// queue order even when several tasks send at once (the server drops an input numbered
    /// below one it already has).
    private let sequence = Mutex<UInt32>(0)
    private let received = Atomic<Int>(0)
    /// Events kept for a consumer that falls behind: about a minute of snapshots (a few hundred
    /// kB), so a busy machine loses old snapshots, never the welcome or an error before them.
    public static let eventBuffer = 4096
    private let opened = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    /// When something last arrived, and when a close was asked for (monotonic µs; 0 = never).
    private let lastHeard = Atomic<UInt64>(0)
    private let closeAskedAt = Atomic<UInt64>(0)

    /// Payload bytes received so far (snapshots and control messages).
    public var bytesReceived: Int { received.load(ordering: .relaxed) }
    private let task = Mutex<Task<Void, Never>?>(nil)

    enum Outgoing: Sendable {
        case binary([UInt8])
        case text(String)
        case close
    }

    init() {
        (events, eventSink) = AsyncStream.makeStream(of: ClientEvent.self, bufferingPolicy: .bufferingNewest(Self.eventBuffer))
        (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .bufferingNewest(64))
    }

    /// Connects in the background; watch `events` for the outcome.
    /// - Parameter pingInterval: seconds between round-trip probes (0 = none).
    /// - Parameter tls: for wss:// URLs, e.g. to trust a private CA (nil: the system's roots).
    /// - Parameter openTimeout: seconds for the TCP connect, TLS and WebSocket handshakes together.
    /// - Parameter silenceTimeout: seconds without a message after which the server is taken for
    ///   gone (a match sends at least one snapshot a second, in play or not: `LinkWatchdog`).
    /// - Parameter signer: a player's identity: the link asks the server for a challenge and
    ///   signs it in the hello (nil, or a spectator: an anonymous hello at once).
    ///
    /// Whatever the network or the WebSocket library does, `events` ends: a connection that never
    /// opens, a server gone silent, or a close that is never answered ends it with a reason
    /// (`watchdog` false: whoever drives the link watches it instead and calls `abandon()`, as
    /// `MatchSession` does).
    public static func connect(
        url: String, hello: ClientMessage.Hello, pingInterval: Double = 1, tls: TLSConfiguration? = nil,
        openTimeout: Double = 10, silenceTimeout: Double = 15, watchdog watched: Bool = true,
        signer: (any HelloSigner)? = nil, logger: Logger
    ) -> GameClient {
        let client = GameClient()
        let task = Task {
            await client.run(url: url, hello: hello, pingInterval: pingInterval, tls: tls, signer: signer,
                             logger: logger)
        }
        client.task.withLock { $0 = task }
        guard watched else { return client }
        let watchdog = LinkWatchdog(openTimeout: openTimeout, silenceTimeout: silenceTimeout)
        let started = seconds(MonotonicClock.micros())
        Task {
            while !client.finished.load(ordering: .acquiring) {
                do {
                    try await Task.sleep(for: .milliseconds(250))
                } catch {
                    return
                }
                let heard = client.lastHeard.load(ordering: .relaxed)
                let closeAsked = client.closeAskedAt.load(ordering: .relaxed)
                if let reason = watchdog.verdict(
                    url: url, now: GameClient.seconds(MonotonicClock.micros()), startedAt: started,
                    opened: client.opened.load(ordering: .acquiring), lastHeard: heard == 0 ? nil : GameClient.seconds(heard),
                    closeAskedAt: closeAsked == 0 ? nil : GameClient.seconds(closeAsked)) {
                    client.abandon(reason: reason)
                }
            }
        }
        return client
    }

    /// Drops the link at once, ending `events` with `reason`.
    public func abandon(reason: String = "closed") {
        finish(.closed(code: nil, reason: reason))
        task.withLock { $0?.cancel() }
    }

    private static func seconds(_ micros: UInt64) -> Double { Double(micros) / 1_000_000 }

    /// Ends `events` with `last`, once.
    private func finish(_ last: ClientEvent) {
        guard finished.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        eventSink.yield(last)
        eventSink.finish()
        outgoing.finish()
    }

    /// Sends an input with the next sequence number, which it returns.
    @discardableResult
    public func send(_ input: PlayerInput) -> UInt32 {
        sequence.withLock { last in
            last &+= 1
            outgoing.yield(.binary(InputFrame(sequence: last, input: input).encode()))
            return last
        }
    }

    /// Sends an input numbered by the caller (a `MatchSession` numbers its own).
    public func send(_ frame: InputFrame) {
        outgoing.yield(.binary(frame.encode()))
    }

    /// What is queued to go out, for tests (the connection's writer reads the same stream).
    var queued: AsyncStream<Outgoing> { outgoingStream }

    /// Sends a chat line or reaction to everyone in the match (the server allows one a second).
    /// Sends a control message (a rematch request, …).
    public func send(message: ClientMessage) {
        outgoing.yield(.text(message.encode()))
    }

    public func send(chat text: String) {
        outgoing.yield(.text(ClientMessage.chat(text: String(text.prefix(ClientMessage.maxChatLength))).encode()))
    }

    /// Closes the connection politely.
    public func close() {
        _ = closeAskedAt.compareExchange(expected: 0, desired: MonotonicClock.micros(), ordering: .relaxed)
        outgoing.yield(.close)
    }

    private func run(url: String, hello: ClientMessage.Hello, pingInterval: Double, tls: TLSConfiguration?,
                     signer: (any HelloSigner)?, logger: Logger) async {
        let sink = eventSink
        let outgoing = outgoingStream
        do {
            let closeFrame = try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 16), tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                self.opened.store(true, ordering: .releasing)
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                var snapshots = SnapshotStream()
                var hello = hello
                var refused = false
                if let signer, hello.role == .player {
                    try await outbound.write(.text(ClientMessage.challenge.encode()))
                    // The challenge comes first; anything else (an error: the server refused the
                    // connection, or predates identities) is passed on, and no hello follows.
                    if let first = try await messages.next() {
                        self.count(first)
                        if case .text(let text) = first, let nonce = IdentityChallenge.nonce(in: text) {
                            hello.identity = signer.identity(nonce: nonce, code: hello.code, name: hello.name)
                        } else {
                            Self.dispatch(first, snapshots: &snapshots, to: sink)
                            refused = true
                        }
                    }
                }
                if !refused { try await outbound.write(.text(ClientMessage.hello(hello).encode())) }
                sink.yield(.opened)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in outgoing {
                            switch message {
                            case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                            case .text(let text): try await outbound.write(.text(text))
                            case .close:
                                try await outbound.close(.normalClosure, reason: "bye")
                                return
                            }
                        }
                    }
                    if pingInterval > 0 {
                        group.addTask {
                            var id: UInt32 = 0
                            while !Task.isCancelled {
                                id &+= 1
                                let ping = ClientMessage.ping(id: id, clientTime: MonotonicClock.micros())
                                try await outbound.write(.text(ping.encode()))
                                try await Task.sleep(for: .seconds(pingInterval))
                            }
                        }
                    }
                    while let message = try await messages.next() {
                        self.count(message)
                        Self.dispatch(message, snapshots: &snapshots, to: sink)
                    }
                    group.cancelAll()
                }
            }
            let code = closeFrame.map { UInt16(webSocketErrorCode: $0.closeCode) }
            finish(.closed(code: code, reason: closeFrame?.reason))
        } catch {
            // Once open, a failure is a lost link, not a failed connect.
            let reason = opened.load(ordering: .acquiring)
                ? "the connection to \(url) was lost (\(Self.shortDescription(error)))" : Self.describe(error, url: url)
            finish(.closed(code: nil, reason: reason))
        }
    }

    /// A sentence for a connection that failed, without NIO's internals where they say nothing.
    static func describe(_ error: any Error, url: String) -> String {
        let text = "\(error)"
        if text.contains("Connection refused") { return "nothing is listening at \(url) (connection refused)" }
        if text.contains("Connection reset") { return "the connection to \(url) was reset" }
        if text.contains("NXDOMAIN") || text.contains("resolve") || text.contains("getaddrinfo") {
            return "cannot find the host in \(url)"
        }
        if text.contains("timeout") || text.contains("Timeout") { return "connecting to \(url) timed out" }
        if text.contains("cannotUseIPAddressInSNI") {
            return "wss:// needs the server's host name, not an IP address: \(url)"
        }
        if text.contains("handshakeFailed") || text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the TLS handshake with \(url) failed: its certificate is not trusted (use --ca FILE for a private CA)"
        }
        return "cannot connect to \(url): \(text)"
    }

    /// NIO's error text without the system call around it ("Connection reset by peer").
    static func shortDescription(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Connection reset") { return "reset" }
        if text.contains("connection abort") { return "aborted" }
        if text.contains("Broken pipe") { return "broken pipe" }
        return String(text.prefix(120))
    }

    private func count(_ message: WebSocketMessage) {
        lastHeard.store(MonotonicClock.micros(), ordering: .relaxed)
        switch message {
        case .binary(let buffer): received.add(buffer.readableBytes, ordering: .relaxed)
        case .text(let text): received.add(text.utf8.count, ordering: .relaxed)
        }
    }

    private static func dispatch(_ message: WebSocketMessage, snapshots: inout SnapshotStream,
                                 to sink: AsyncStream<ClientEvent>.Continuation) {
        switch message {
        case .binary(let buffer):
            if let snapshot = try? snapshots.decode(Array(buffer.readableBytesView)) { sink.yield(.snapshot(snapshot)) }
        case .text(let text):
            guard let decoded = try? ServerMessage.decode(text),
                  let event = ClientEvent(decoded, nowMicros: MonotonicClock.micros()) else { return }
            sink.yield(event)
        }
    }
}
