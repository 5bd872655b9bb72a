import NIOCore
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct OutboundQueueTests {
    private func snapshot(_ byte: UInt8, key: Bool) -> Outbound { .snapshot(ByteBuffer(bytes: [byte]), isKeyframe: key) }

    /// What a batch holds, as short labels: T:text, K:keyframe byte, L:lean byte, C:close code.
    private func labels(_ batch: [Outbound]) -> [String] {
        batch.map {
            switch $0 {
            case .text(let text): "T:\(text)"
            case .snapshot(let buffer, let key): "\(key ? "K" : "L"):\(buffer.getInteger(at: 0, as: UInt8.self) ?? 0)"
            case .close(let code, _): "C:\(code)"
            }
        }
    }

    @Test func controlMessagesKeepTheirOrderAndSnapshotsAreLatestWins() async {
        let queue = OutboundQueue()
        queue.push(.text("welcome"))
        queue.push(snapshot(1, key: true))
        for tick: UInt8 in 2...40 {
            queue.push(.text("roster\(tick)"))
            queue.push(snapshot(tick, key: false))
        }
        var batch: [Outbound] = []
        #expect(await queue.next(into: &batch))
        let got = labels(batch)
        #expect(got.first == "T:welcome")
        #expect(got.filter { $0.hasPrefix("T:") }.count == 40)
        #expect(got.filter { $0.hasPrefix("K:") || $0.hasPrefix("L:") } == ["K:1", "L:40"])
    }

    @Test func aNewerKeyframeReplacesEveryUnsentSnapshot() async {
        let queue = OutboundQueue()
        queue.push(snapshot(1, key: true))
        queue.push(snapshot(2, key: false))
        queue.push(snapshot(3, key: true))
        queue.push(snapshot(4, key: false))
        var batch: [Outbound] = []
        #expect(await queue.next(into: &batch))
        #expect(labels(batch) == ["K:3", "L:4"])
    }

    @Test func aReaderThatFallsBehindOnControlMessagesIsClosed() async {
        let queue = OutboundQueue(controlLimit: 4)
        for index in 0..<5 { queue.push(.text("event\(index)")) }
        var batch: [Outbound] = []
        #expect(await queue.next(into: &batch))
        #expect(labels(batch) == ["C:\(WireProtocol.CloseCode.tooSlow)"])
        #expect(await queue.next(into: &batch) == false)
    }

    @Test func aWaitingReaderWakesForAPushAndEndsOnFinish() async {
        let queue = OutboundQueue()
        let reader = Task {
            var batch: [Outbound] = []
            var seen: [String] = []
            while await queue.next(into: &batch) { seen += labels(batch) }
            return seen
        }
        try? await Task.sleep(for: .milliseconds(50))
        queue.push(.text("hello"))
        try? await Task.sleep(for: .milliseconds(50))
        queue.finish()
        queue.push(.text("after the end"))
        #expect(await reader.value == ["T:hello"])
    }
}
