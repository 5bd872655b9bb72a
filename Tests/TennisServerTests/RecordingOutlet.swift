import NIOCore
import NIOPosix
import Synchronization
import TennisProtocol

@testable import TennisServer

/// An outlet that keeps what it is given, on a real event loop.
final class RecordingOutlet: ConnectionOutlet {
    let eventLoop: any EventLoop
    private let received = Mutex<[Outbound]>([])
    private let log = Mutex<[String]>([])

    init(eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.eventLoop = eventLoop
    }

    func deliver(_ message: Outbound, shared: Bool) {
        eventLoop.preconditionInEventLoop()
        received.withLock { $0.append(message) }
        log.withLock { $0.append(message.label) }
    }

    func flush() {
        eventLoop.preconditionInEventLoop()
        log.withLock { $0.append("F") }
    }

    /// Every delivery as a label (`Outbound.label`) and every flush as "F", in order.
    func labels() async throws -> [String] {
        try await eventLoop.submit {}.get()
        return log.withLock { $0 }
    }

    /// What was delivered once everything handed to the loop so far has run.
    func messages() async throws -> [Outbound] {
        try await eventLoop.submit {}.get()
        return received.withLock { $0 }
    }

    func texts() async throws -> [String] {
        try await messages().compactMap { message -> String? in
            if case .text(let text) = message { return String(buffer: text.payload) }
            return nil
        }
    }
}

extension Outbound {
    /// A short label: T:text, K:keyframe's first byte, L:lean's first byte, C:close code.
    var label: String {
        switch self {
        case .text(let text): "T:\(String(buffer: text.payload))"
        case .snapshot(let frame, let key): "\(key ? "K" : "L"):\(frame.payload.getInteger(at: frame.payload.readerIndex, as: UInt8.self) ?? 0)"
        case .close(let code, _): "C:\(code)"
        }
    }
}
