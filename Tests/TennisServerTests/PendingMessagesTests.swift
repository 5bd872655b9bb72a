import NIOCore
import TennisProtocol
import Testing

@testable import TennisServer

@Suite struct PendingMessagesTests {
    private func snapshot(_ byte: UInt8, key: Bool) -> Outbound { .snapshot([byte], isKeyframe: key) }

    private func labels(_ batch: [Outbound]) -> [String] { batch.map(\.label) }

    @Test func controlMessagesKeepTheirOrderAndSnapshotsAreLatestWins() {
        var pending = PendingMessages()
        pending.push(.json("welcome"))
        pending.push(snapshot(1, key: true))
        var dropped = 0
        for tick: UInt8 in 2...40 {
            pending.push(.json("roster\(tick)"))
            if pending.push(snapshot(tick, key: false)) { dropped += 1 }
        }
        let got = labels(pending.takeAll())
        #expect(got.first == "T:welcome")
        #expect(got.filter { $0.hasPrefix("T:") }.count == 40)
        #expect(got.filter { $0.hasPrefix("K:") || $0.hasPrefix("L:") } == ["K:1", "L:40"])
        #expect(dropped == 38)
        #expect(pending.isEmpty)
    }

    @Test func aNewerKeyframeReplacesEveryWaitingSnapshot() {
        var pending = PendingMessages()
        let dropped = [pending.push(snapshot(1, key: true)), pending.push(snapshot(2, key: false)),
                       pending.push(snapshot(3, key: true)), pending.push(snapshot(4, key: false))]
        #expect(dropped == [false, false, true, false])
        #expect(labels(pending.takeAll()) == ["K:3", "L:4"])
    }

    @Test func aReaderThatFallsBehindOnControlMessagesIsLeftOnlyAClose() {
        var pending = PendingMessages(controlLimit: 4)
        for index in 0..<5 { pending.push(.json("event\(index)")) }
        #expect(pending.tooSlow)
        pending.push(.json("after"))
        #expect(labels(pending.takeAll()) == ["C:\(WireProtocol.CloseCode.tooSlow)"])
    }

    @Test func takingEverythingStartsTheControlCountAgain() {
        var pending = PendingMessages(controlLimit: 4)
        for round in 0..<3 {
            for index in 0..<4 { pending.push(.json("r\(round)e\(index)")) }
            #expect(pending.takeAll().count == 4)
        }
        #expect(!pending.tooSlow)
    }
}
