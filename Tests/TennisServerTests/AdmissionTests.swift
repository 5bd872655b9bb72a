import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOWebSocket
import Logging
import Testing

@testable import TennisServer

/// The admission pieces as values and handlers, in virtual time (no sockets, no clock).
@Suite struct AdmissionTests {
    func guardWith(pending: Int = 2, perAddressPending: Int = 1, sessions: Int = 3, perAddress: Int = 2) -> ConnectionGuard {
        ConnectionGuard(limits: .init(maxConnections: sessions, maxPerAddress: perAddress, allowedOrigins: [],
                                      maxFailedJoinsPerMinute: 3, maxPending: pending, maxPendingPerAddress: perAddressPending,
                                      maxFailedJoinsPerMinuteGlobal: 5))
    }

    @Test func pendingConnectionsHaveLimitsOfTheirOwn() {
        let admission = guardWith()
        #expect(admission.admitTransport(peer: "a") == nil)
        #expect(admission.admitTransport(peer: "a") == .tooManyFromAddress, "one pending per address")
        #expect(admission.admitTransport(peer: "b") == nil)
        #expect(admission.admitTransport(peer: "c") == .serverFull, "two pending in all")
        admission.transportUpgraded(peer: "a")
        #expect(admission.admitTransport(peer: "a") == nil, "an upgraded connection is no longer pending")
        admission.releaseTransport(peer: "a", pending: false)
        admission.releaseTransport(peer: "a", pending: true)
        admission.releaseTransport(peer: "b", pending: true)
        #expect(admission.tableSizes == (0, 0, 0, 0), "no table keeps an address with nothing open")
    }

    @Test func aScanSpreadOverManyAddressesIsStopped() {
        let admission = guardWith()
        // Five addresses fail once each: the global budget of five a minute is spent.
        for peer in ["a", "b", "c", "d", "e"] { admission.failedJoin(peer: peer, nowMicros: 1_000_000) }
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 2_000_000) == .tooManyFailedJoins,
                "an address that failed is refused before its join is looked up")
        #expect(admission.admit(peer: "z", origin: nil, nowMicros: 2_000_000) == nil, "a clean address still joins")
        admission.release(peer: "z")
        #expect(admission.admit(peer: "a", origin: nil, nowMicros: 62_000_000) == nil, "a minute later the budget is back")
        admission.release(peer: "a")
    }

    @Test func failedJoinTablesForgetAddressesThatNeverCameBack() {
        var ledger = FailedJoinLedger(perAddress: 3, global: 1_000_000)
        for index in 0..<FailedJoinLedger.sweepEvery - 1 { ledger.note("p\(index)", now: 0) }
        #expect(ledger.addresses == FailedJoinLedger.sweepEvery - 1)
        ledger.note("late", now: 61_000_000)
        #expect(ledger.addresses == 1, "the sweep dropped every expired address")
        for _ in 0..<10 { ledger.note("late", now: 61_000_000) }
        let allowed = ledger.allows("late", now: 61_000_001)
        #expect(!allowed)
    }

    @Test func creationBucketsRefillAndStayBounded() {
        let limit = AddressRateLimit(perMinute: 2, maxAddresses: 3)
        #expect(limit.allow("a", nowMicros: 0) && limit.allow("a", nowMicros: 0))
        #expect(!limit.allow("a", nowMicros: 1))
        #expect(limit.allow("a", nowMicros: 30_000_001), "a token every 30 s")
        #expect(limit.allow("b", nowMicros: 30_000_002) && limit.allow("c", nowMicros: 30_000_002))
        #expect(!limit.allow("d", nowMicros: 30_000_003), "a full table refuses newcomers")
        #expect(limit.allow("d", nowMicros: 600_000_000), "once buckets refill a sweep makes room")
        #expect(limit.addresses == 1)
    }

    @Test func connectionCapsFitTheDescriptorLimit() {
        let settings = ServerConfiguration(maxConnections: 10_000, maxConnectionsPerAddress: 5_000)
        let (same, none) = settings.fitted(toDescriptors: 1_048_576)
        #expect(none == nil && same.maxConnections == 10_000)
        let (fitted, note) = settings.fitted(toDescriptors: 1024)
        #expect(note != nil)
        #expect(fitted.maxConnections + fitted.maxPendingConnections + DescriptorLimit.reserve <= 1024)
        #expect(fitted.maxConnectionsPerAddress <= fitted.maxConnections)
        #expect(DescriptorLimit.raise() ?? 0 > 0)
    }

    @Test func upgradesThatBreakRFC6455AreNamed() {
        func head(_ version: HTTPVersion = .http1_1, method: HTTPMethod = .GET, key: String? = "dGhlIHNhbXBsZSBub25jZQ==")
            -> HTTPRequestHead
        {
            var headers: HTTPHeaders = ["Upgrade": "websocket", "Connection": "Upgrade"]
            if let key { headers.add(name: "Sec-WebSocket-Key", value: key) }
            return HTTPRequestHead(version: version, method: method, uri: "/ws", headers: headers)
        }
        #expect(HTTPRequestGuard.upgradeProblem(head()) == nil)
        #expect(HTTPRequestGuard.upgradeProblem(head(.http1_0)) != nil)
        #expect(HTTPRequestGuard.upgradeProblem(head(method: .POST)) != nil)
        #expect(HTTPRequestGuard.upgradeProblem(head(key: nil)) != nil)
        #expect(HTTPRequestGuard.upgradeProblem(head(key: "c2hvcnQ=")) != nil, "5 bytes")
        #expect(HTTPRequestGuard.upgradeProblem(head(key: String(repeating: "!", count: 24))) != nil)
    }

    @Test func framesThatBreakRFC6455AreNamed() {
        let mask = WebSocketMaskingKey([1, 2, 3, 4])
        let data = ByteBuffer(string: "x")
        #expect(WebSocketFrameRules.problem(WebSocketFrame(fin: true, opcode: .text, maskKey: mask, data: data)) == nil)
        #expect(WebSocketFrameRules.problem(WebSocketFrame(fin: true, opcode: .text, data: data)) != nil, "unmasked")
        #expect(WebSocketFrameRules.problem(WebSocketFrame(fin: true, rsv1: true, opcode: .ping, maskKey: mask, data: data))
            != nil)
        #expect(WebSocketFrameRules.problem(WebSocketFrame(fin: false, opcode: .ping, maskKey: mask, data: data)) != nil)
        #expect(WebSocketFrameRules.problem(WebSocketFrame(fin: true, opcode: .pong, maskKey: mask,
                                                          data: ByteBuffer(repeating: 0, count: 126))) != nil)
    }

    /// The gate's request deadline in virtual time: a request that is not whole in time is
    /// answered 408 and closed; a complete one stops the clock; an upgrade ends its work.
    @Test func theGateCutsOffARequestThatTakesTooLong() throws {
        let admission = guardWith(pending: 10, perAddressPending: 10)
        let channel = EmbeddedChannel()
        let gate = ConnectionGate(admission: admission, requestTimeout: .seconds(10), logger: Logger(label: "test"))
        try channel.pipeline.syncOperations.addHandler(gate)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        gate.requestComplete()
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "an idle keep-alive connection is not its to cut")
        try channel.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        let answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(!channel.isActive)
        #expect(admission.tableSizes == (0, 0, 0, 0))
    }

    @Test func theGateRefusesAtAcceptWithACannedAnswer() throws {
        let admission = guardWith(pending: 10, perAddressPending: 1)
        #expect(admission.admitTransport(peer: "127.0.0.1") == nil)
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.pipeline.syncOperations.addHandler(
            ConnectionGate(admission: admission, requestTimeout: .seconds(10), logger: Logger(label: "test")))
        let answer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: answer).hasPrefix("HTTP/1.1 429 Too Many Requests\r\n"))
        #expect(String(buffer: answer).contains("Retry-After: 10"))
        #expect(!channel.isActive)
        admission.releaseTransport(peer: "127.0.0.1", pending: true)
        #expect(admission.tableSizes == (0, 0, 0, 0))
    }
}
