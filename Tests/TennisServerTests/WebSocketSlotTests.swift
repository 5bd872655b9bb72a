import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import TennisServer

/// hummingbird-websocket keeps a request's context in a box the context itself holds (see
/// `WebSocketSlot`); these make sure a connection that reached the WebSocket route is freed once
/// it closes, channel and all, whatever the route stored.
@Suite struct WebSocketSlotTests {
    /// What the library does on an upgrade (or any GET /ws): the route stores its handler, with a
    /// copy of the context, in `context.webSocket`.
    private func respondOnWebSocketRoute(_ channel: any Channel) async throws -> TennisRequestContext {
        let router = Router(context: TennisRequestContext.self)
        router.ws("/ws") { _, _ in .upgrade([:]) } onUpgrade: { _, _, _ in }
        let context = TennisRequestContext(source: .init(channel: channel, logger: Logger(label: "test")))
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/ws"),
                              body: .init(buffer: ByteBuffer()))
        let response = try await router.buildResponder().respond(to: request, context: context)
        #expect(response.status == .ok)
        return context
    }

    @Test func aConnectionThatReachedTheWebSocketRouteIsFreedOnceItCloses() async throws {
        weak var weakChannel: NIOAsyncTestingChannel?
        do {
            let channel = NIOAsyncTestingChannel()
            weakChannel = channel
            _ = try await respondOnWebSocketRoute(channel)
            try await channel.close()
        }
        #expect(weakChannel == nil, "the route's stored context still holds the closed connection's channel")
    }

    @Test func theSlotHandsOutOneReferenceUntilTheConnectionClosesAndNoneAfter() async throws {
        let channel = NIOAsyncTestingChannel()
        let slot = WebSocketSlot()
        _ = slot.reference(closingWith: channel)
        _ = slot.reference(closingWith: channel)
        #expect(slot.holdsReference)
        try await channel.close()
        #expect(!slot.holdsReference)
        _ = slot.reference(closingWith: channel)
        #expect(!slot.holdsReference, "a closed connection gets a throwaway reference, never a new cycle")
    }
}
