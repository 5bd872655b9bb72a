import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import TennisProtocol
import TennisServer

/// A relay's subscription over a WebSocket: a spectator's hello, then every message as it came.
public struct WebSocketUpstream: RelayUpstream {
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func subscribe(url: String, hello: ClientMessage.Hello,
                          sending: AsyncStream<String>) -> AsyncStream<UpstreamMessage> {
        // Snapshots are latest-wins downstream; upstream nothing may be lost but the newest
        // lean snapshots of a relay that stalls for seconds.
        let (messages, sink) = AsyncStream.makeStream(of: UpstreamMessage.self, bufferingPolicy: .bufferingNewest(4096))
        let logger = logger
        let task = Task {
            do {
                let close = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 16),
                                                              logger: logger) { inbound, outbound, _ in
                    try await outbound.write(.text(ClientMessage.hello(hello).encode()))
                    // Relayed chat goes up beside the stream coming down.
                    let writer = Task {
                        for await line in sending { try? await outbound.write(.text(line)) }
                    }
                    defer { writer.cancel() }
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        switch message {
                        case .text(let text): sink.yield(.text(text))
                        case .binary(let buffer): sink.yield(.binary(Array(buffer.readableBytesView)))
                        }
                    }
                }
                sink.yield(.closed(code: close.map { UInt16(webSocketErrorCode: $0.closeCode) }, reason: close?.reason))
            } catch {
                // Cancelled: the relay closed it (its last spectator left); nothing failed.
                if !Task.isCancelled {
                    logger.notice("a relay's upstream failed", metadata: ["url": "\(url)", "error": "\(error)"])
                }
                sink.yield(.closed(code: nil, reason: nil))
            }
            sink.finish()
        }
        sink.onTermination = { _ in task.cancel() }
        return messages
    }
}
