import Foundation
import NIOCore
import NIOHTTP1

/// Sits right after the HTTP request decoder: answers what the decoder rejects (400, or 431
/// for oversized headers) instead of leaving the socket open, refuses WebSocket upgrades that
/// RFC 6455 forbids (HTTP/1.0, a `Sec-WebSocket-Key` that is not 16 bytes in base64) before
/// the library would accept them, and tells the `ConnectionGate` when each request is whole.
///
/// Once an upgrade request's end has passed it removes itself: what follows is WebSocket bytes.
final class HTTPRequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let gate: ConnectionGate
    private var upgrading = false
    private var refused = false
    /// Set while `.end` of an upgrade request is being passed on: a synchronous upgrade may then
    /// hand this handler the decoder's leftover bytes, which must pass untouched.
    private var leaving = false

    init(gate: ConnectionGate) {
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if leaving { return context.fireChannelRead(data) }
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if Self.asksForWebSocket(head) {
                if let problem = Self.upgradeProblem(head) {
                    refused = true
                    gate.refuse(status: 400, code: "bad_upgrade", message: problem)
                    return
                }
                upgrading = true
            }
            context.fireChannelRead(data)
        case .body:
            context.fireChannelRead(data)
        case .end:
            gate.requestComplete()
            guard upgrading else { return context.fireChannelRead(data) }
            leaving = true
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        refused = true
        if case .headerOverflow = parse {
            gate.refuse(status: 431, code: "headers_too_large", message: "the request's header fields are too large")
        } else {
            gate.refuse(status: 400, code: "bad_request", message: "the request is not valid HTTP/1.1")
        }
    }

    static func asksForWebSocket(_ head: HTTPRequestHead) -> Bool {
        head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
    }

    /// Why an upgrade request breaks RFC 6455 §4.2.1, or nil.
    static func upgradeProblem(_ head: HTTPRequestHead) -> String? {
        guard head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) else {
            return "a WebSocket upgrade needs HTTP/1.1"
        }
        guard head.method == .GET else { return "a WebSocket upgrade must be a GET" }
        let keys = head.headers["Sec-WebSocket-Key"]
        guard keys.count == 1, let key = keys.first else { return "exactly one Sec-WebSocket-Key is needed" }
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 24, let nonce = Data(base64Encoded: trimmed), nonce.count == 16 else {
            return "Sec-WebSocket-Key must be 16 bytes in base64"
        }
        return nil
    }
}
