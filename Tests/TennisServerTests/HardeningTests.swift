import TestSupport
import Foundation
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
import Synchronization
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// What an outsider can send, over real sockets: nothing crashes the server, holds a socket, or
/// costs it work without limit; every refusal has its status or close code.
@Suite(.heavy) struct HardeningTests {
    /// The payload that killed `tennis serve` (SIGILL in Foundation's JSON scanner), at both entry
    /// points: a WebSocket hello and the body of `POST /api/matches`.
    @Test func theDeepJSONPayloadIsRefusedAtEveryEntryPoint() async throws {
        let server = try await TestServer.start()
        let payload = String(repeating: "[", count: 513)
        let collected = Mutex<[String]>([])
        let close = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
            try await outbound.write(.text(payload))
            for try await message in inbound.messages(maxSize: 1 << 16) {
                if case .text(let text) = message { collected.withLock { $0.append(text) } }
            }
        }
        let replies = collected.withLock { $0 }
        #expect(close.map { UInt16(webSocketErrorCode: $0.closeCode) } == WireProtocol.CloseCode.protocolError)
        #expect(replies.count == 1 && replies[0].contains("malformed_json"), "\(replies)")
        for depth in [512, 513, 514] {
            let (status, _) = try await server.http("POST", "/api/matches", body: String(repeating: "[", count: depth))
            #expect(status == 400)
        }
        let (status, _) = try await server.http("GET", "/healthz")
        #expect(status == 200, "still serving")
        await server.stop()
    }

    /// Heads the HTTP parser rejects are answered and closed, and so are requests that do not
    /// arrive whole in time (head or body); upgrades RFC 6455 forbids are refused.
    @Test(.enabled(if: MalformedFrameTests.python != nil, "needs python3"))
    func malformedAndSlowRequestsAreAnsweredAndClosed() async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.handshakeTimeoutSeconds = 1
        let server = try await TestServer.start(settings)
        let data = try await MalformedFrameTests.runScript("http_malformed.py", [String(server.port), "1"])
        let results = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let byCase = Dictionary(uniqueKeysWithValues: results.map { ($0["case"] as? String ?? "", $0) })
        let expected: [String: Int?] = [
            "garbage": 400, "nul_in_header": 400, "bare_lf": 400, "many_headers": 431, "http10_upgrade": 400,
            "short_key": 400, "non_base64_key": 400, "deep_json_body": 400, "slow_body": 408, "silent": 408,
            "huge_header": nil,
        ]
        #expect(results.count == expected.count, "\(results)")
        for (name, status) in expected {
            let result = byCase[name] ?? [:]
            // Closed by the server, not given up on by the script (its sockets wait 5 × the
            // deadline + 10 s): how soon depends on how busy the machine is, so it is not asserted.
            #expect(result["closed"] as? Bool == true, "\(name) is closed: \(result)")
            if let status { #expect(result["status"] as? Int == status, "\(name): \(result)") }
        }
        // The 1 MiB header may meet a reset while it is still being sent; when an answer arrives it is 431.
        #expect([nil, 431].contains(byCase["huge_header"]?["status"] as? Int), "\(byCase["huge_header"] ?? [:])")
        let (status, _) = try await server.http("GET", "/healthz")
        #expect(status == 200)
        await server.stop()
    }

    /// Sockets that never finish a request count against the pending limit from accept: past it
    /// a new one is answered 429 at once, and a closed one frees its place.
    @Test func pendingConnectionsAreCappedPerAddress() async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.maxPendingPerAddress = 3
        // Nobody is cut off for slowness while the test reads (on a loaded machine that took 10 s).
        settings.handshakeTimeoutSeconds = 60
        let server = try await TestServer.start(settings)
        // Connections are set up on several event loops, so which of the four comes last is not
        // known: exactly one is refused, at once, and the others are left waiting.
        var sockets: [RawSocket] = []
        for _ in 0..<4 { sockets.append(try RawSocket(port: server.port)) }
        let answers = await withTaskGroup(of: String.self) { group in
            for socket in sockets { group.addTask { await socket.readToClose(seconds: 3) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let refused = answers.filter { $0.hasPrefix("HTTP/1.1 429 ") }
        #expect(refused.count == 1, "\(answers)")
        #expect(refused.first?.contains("too_many_connections") == true)
        #expect(answers.filter(\.isEmpty).count == 3, "the three admitted ones wait for their request: \(answers)")
        for socket in sockets { socket.close() }
        #expect(await eventually(seconds: 10) {
            (try? await server.http("GET", "/healthz").0) == 200
        }, "freed places are usable again")
        await server.stop()
    }

    /// JSON control messages are limited per connection: past the rate a `too_fast` error,
    /// far past it close 4429.
    @Test func aPingFloodIsRefusedThenCutOff() async throws {
        let server = try await TestServer.start()
        let code = try server.lobby.createMatch(seed: 3)
        let collected = Mutex<[String]>([])
        let close = try await WebSocketClient.connect(url: server.wsURL, logger: quiet) { inbound, outbound, _ in
            try await outbound.write(.text(ClientMessage.hello(.init(role: .spectator, code: code, name: "p")).encode()))
            // Seated first, as a client is (a flood before the welcome is `message_flood`).
            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            guard case .text(let welcome)? = try await messages.next(), welcome.contains("\"welcome\"") else { return }
            for id in 0..<200 {
                do {
                    try await outbound.write(.text(ClientMessage.ping(id: UInt32(id), clientTime: 1).encode()))
                } catch { break }
            }
            while let message = try await messages.next() {
                if case .text(let text) = message, case .error(let code, _)? = try? ServerMessage.decode(text) {
                    collected.withLock { $0.append(code) }
                }
            }
        }
        let errors = collected.withLock { $0 }
        #expect(errors.first == "too_fast", "\(errors)")
        #expect(errors.contains("control_flood"))
        #expect(close.map { UInt16(webSocketErrorCode: $0.closeCode) } == WireProtocol.CloseCode.tooMany)
        await server.stop()
    }

    @Test func matchCreationIsLimitedPerAddress() async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.maxMatchCreationsPerMinute = 4
        let server = try await TestServer.start(settings)
        var statuses: [Int] = []
        for _ in 0..<6 { statuses.append(try await server.http("POST", "/api/matches").0) }
        #expect(statuses == [201, 201, 201, 201, 429, 429])
        #expect(server.lobby.summaries().count == 4)
        await server.stop()
    }
}

/// A blocking TCP socket for sending what no client library would (reads run off the pool).
final class RawSocket: Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server sends until it closes (or `seconds` pass).
    func readToClose(seconds: Int) async -> String {
        let fd = fd
        return await offThePool {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                data += buffer[0..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    func close() {
        Glibc.close(fd)
    }
}
