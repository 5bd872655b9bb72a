import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import TennisProtocol

/// A server connection: HTTP/1.1 for the routes, and a WebSocket upgrade on `/ws` that hands the
/// connection to the session as a `WebSocketLink` in its pipeline.
///
/// NIO does the upgrade (`NIOTypedWebSocketServerUpgrader`: the handshake, then its frame encoder
/// and decoder); Hummingbird serves everything that is not upgraded. It replaces
/// hummingbird-websocket's upgrade channel, which runs each WebSocket connection on a chain of
/// tasks for its whole life (about 12 KB of async frames and 6 tasks a connection,
/// docs/PERFORMANCE.md): here a connection's task ends once it is seated in a match, and its
/// messages are taken on the event loop.
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    /// What the session is given for each upgraded connection, on the connection's own task.
    typealias Session = @Sendable (Upgraded) async -> Void

    /// An upgraded connection and what its request said.
    struct Upgraded: Sendable {
        let link: WebSocketLink
        let channel: any Channel
        /// The request's `Origin` header, if it had one.
        let origin: String?
    }

    enum UpgradeResult: Sendable {
        case webSocket(Upgraded)
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case failedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    /// The path WebSocket clients connect to.
    static let path = "/ws"

    let responder: HTTPChannelHandler.Responder
    private let session: Session
    private let idleTimeout: TimeAmount?
    private let headerLimits: HTTP1Channel.Configuration.DecoderConfiguration
    private let maxMessageSize: Int
    private let shutdownReason: String

    /// - Parameter idleTimeout: how long an HTTP connection may sit between requests.
    /// - Parameter maxMessageSize: the largest frame, and message, a client may send (1009 past it).
    init(responder: @escaping HTTPChannelHandler.Responder, idleTimeout: TimeAmount?,
         headerLimits: HTTP1Channel.Configuration.DecoderConfiguration, maxMessageSize: Int,
         shutdownReason: String, session: @escaping Session) {
        self.responder = Self.redirectingLateUpgrades(responder)
        self.idleTimeout = idleTimeout
        self.headerLimits = headerLimits
        self.maxMessageSize = maxMessageSize
        self.shutdownReason = shutdownReason
        self.session = session
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let origin = NIOLoopBoundBox(String?.none, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: maxMessageSize,
                shouldUpgrade: { channel, head in
                    upgradeAttempted.value = true
                    guard Self.isWebSocketPath(head.uri) else { return channel.eventLoop.makeSucceededFuture(nil) }
                    origin.value = head.headers.first(name: "origin")
                    return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let link = WebSocketLink(eventLoop: channel.eventLoop, maxMessageSize: maxMessageSize,
                                                 shutdownReason: shutdownReason)
                        try channel.pipeline.syncOperations.addHandler(link)
                        return .webSocket(Upgraded(link: link, channel: channel, origin: origin.value))
                    }
                }
            )
            let notUpgrading = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try pipeline.addHandler(HTTPConnectionStateHandler(
                            idleTimeout: idleTimeout.map { .nanoseconds($0.nanoseconds) }, logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        return upgradeAttempted.value ? .failedUpgrade(http) : .notUpgraded(http)
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(
                upgradeConfiguration: notUpgrading)
            configuration.enablePipelining = false  // NIOAsyncChannel takes one request at a time
            configuration.enableErrorHandling = false  // Hummingbird answers HTTP errors
            configuration.enableResponseHeaderValidation = false  // HTTP types validate them already
            configuration.decoderConfiguration.maxHeaderFieldSize = headerLimits.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = headerLimits.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = headerLimits.maxHeaderFieldCount
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .failedUpgrade(let http):
                await refuseUpgrade(http, logger: logger)
            case .webSocket(let upgraded):
                await session(upgraded)
            }
        } catch {
            logger.debug("connection ended before its request was read", metadata: ["error": "\(error)"])
        }
    }

    /// Whether a request's target is the WebSocket endpoint (any query string aside).
    static func isWebSocketPath(_ uri: String) -> Bool {
        uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first == Substring(path)
    }

    /// An upgrade NIO refused (a missing or bad `Sec-WebSocket-Key`, another version) or one asked
    /// of another path: 400, and the connection closes.
    private func refuseUpgrade(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        do {
            try await http.executeThenClose { _, outbound in
                let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch {
            logger.trace("the refused upgrade's answer could not be written", metadata: ["error": "\(error)"])
        }
    }

    /// NIO upgrades only a connection's first request: a later request on the same connection
    /// asking for a WebSocket is sent back to the same place with the connection closed, so the
    /// client's next try opens a fresh one (as hummingbird-websocket does).
    private static func redirectingLateUpgrades(_ responder: @escaping HTTPChannelHandler.Responder)
        -> HTTPChannelHandler.Responder
    {
        struct ClosingAfterRedirect: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, writer, channel)
            }
            var location = request.uri.path
            if let query = request.uri.query { location += "?\(query)" }
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect,
                                                        headerFields: [.connection: "close", .location: location]))
            throw ClosingAfterRedirect()
        }
    }
}
