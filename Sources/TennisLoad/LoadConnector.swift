import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Opens load connections with NIO's own HTTP upgrade and WebSocket codec, one channel handler
/// per connection on the event loop it is given (no task, no stream per connection).
enum LoadConnector {
    /// Connects, upgrades to WebSocket on `path` and installs a `LoadConnection`; the channel.
    static func connect(host: String, port: Int, path: String, loop: any EventLoop,
                        recorder: NIOLoopBound<LoadRecorder>, hello: String, role: LoadRole) async throws -> any Channel
    {
        let upgraded: EventLoopFuture<(any Channel)?> = try await ClientBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel)?>(
                        maxFrameSize: 1 << 16,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let handler = LoadConnection(role: role, recorder: recorder.value)
                                try channel.pipeline.syncOperations.addHandler(handler)
                                return channel
                            }
                        })
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<(any Channel)?>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.close(promise: nil)
                            return channel.eventLoop.makeSucceededFuture(nil)
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
        guard let channel = try await upgraded.get() else { throw LoadError("the server refused the WebSocket upgrade") }
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: hello))
        try await channel.writeAndFlush(frame)
        return channel
    }
}

/// A load run that could not go on, with the reason in words.
public struct LoadError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
