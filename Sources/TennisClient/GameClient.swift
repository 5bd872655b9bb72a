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
    private let sequence = Atomic<UInt32>(0)
    private let received = Atomic<Int>(0)
    private let opened = Atomic<Bool>(false)

    /// Payload bytes received so far (snapshots and control messages).
    public var bytesReceived: Int { received.load(ordering: .relaxed) }
    private let task = Mutex<Task<Void, Never>?>(nil)

    enum Outgoing: Sendable {
        case binary([UInt8])
        case text(String)
        case close
    }

    private init() {
        (events, eventSink) = AsyncStream.makeStream(of: ClientEvent.self, bufferingPolicy: .bufferingNewest(256))
        (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .bufferingNewest(64))
    }

    /// Connects in the background; watch `events` for the outcome.
    /// - Parameter pingInterval: seconds between round-trip probes (0 = none).
    /// - Parameter tls: for wss:// URLs, e.g. to trust a private CA (nil: the system's roots).
    /// - Parameter openTimeout: seconds for the TCP connect, TLS and WebSocket handshakes together;
    ///   a server that accepts but never answers ends the connection with a reason, not a hang.
    public static func connect(
        url: String, hello: ClientMessage.Hello, pingInterval: Double = 1, tls: TLSConfiguration? = nil,
        openTimeout: Double = 10, logger: Logger
    ) -> GameClient {
        let client = GameClient()
        let task = Task {
            await client.run(url: url, hello: hello, pingInterval: pingInterval, tls: tls, logger: logger)
        }
        client.task.withLock { $0 = task }
        Task {
            try? await Task.sleep(for: .seconds(openTimeout))
            guard !client.opened.load(ordering: .acquiring) else { return }
            client.eventSink.yield(.closed(code: nil, reason: "connecting to \(url) timed out"))
            client.eventSink.finish()
            client.outgoing.finish()
            task.cancel()
        }
        return client
    }

    /// Sends an input with the next sequence number, which it returns.
    @discardableResult
    public func send(_ input: PlayerInput) -> UInt32 {
        let seq = sequence.add(1, ordering: .relaxed).newValue
        outgoing.yield(.binary(InputFrame(sequence: seq, input: input).encode()))
        return seq
    }

    /// Closes the connection politely.
    public func close() {
        outgoing.yield(.close)
    }

    private func run(url: String, hello: ClientMessage.Hello, pingInterval: Double, tls: TLSConfiguration?,
                     logger: Logger) async {
        let sink = eventSink
        let outgoing = outgoingStream
        do {
            let closeFrame = try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 16), tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                self.opened.store(true, ordering: .releasing)
                try await outbound.write(.text(ClientMessage.hello(hello).encode()))
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
                    var snapshots = SnapshotStream()
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        self.count(message)
                        Self.dispatch(message, snapshots: &snapshots, to: sink)
                    }
                    group.cancelAll()
                }
            }
            let code = closeFrame.map { UInt16(webSocketErrorCode: $0.closeCode) }
            sink.yield(.closed(code: code, reason: closeFrame?.reason))
        } catch {
            sink.yield(.closed(code: nil, reason: Self.describe(error, url: url)))
        }
        sink.finish()
        self.outgoing.finish()
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

    private func count(_ message: WebSocketMessage) {
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
            guard let decoded = try? ServerMessage.decode(text) else { return }
            switch decoded {
            case .welcome(let welcome): sink.yield(.welcome(welcome))
            case .roster(let roster): sink.yield(.roster(roster))
            case .event(let tick, let event): sink.yield(.event(tick: tick, event))
            case .pong(_, let clientTime, _):
                sink.yield(.roundTrip(micros: MonotonicClock.micros() &- clientTime))
            case .error(let code, let message): sink.yield(.error(code: code, message: message))
            }
        }
    }
}
