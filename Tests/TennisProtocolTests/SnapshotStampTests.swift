import TennisCore
import Testing

@testable import TennisProtocol

@Suite struct SnapshotStampTests {
    @Test func aKeyframeGivesItsWholeTickAndTime() throws {
        var snapshot = sampleSnapshot()
        snapshot.view.tick = 70_001
        snapshot.serverTimeMicros = 9_000_000_123
        let stamp = try #require(snapshot.encode().withUnsafeBytes { SnapshotStamp.read($0) })
        #expect(stamp == SnapshotStamp(tick: 70_001, serverTimeMicros: 9_000_000_123, isKeyframe: true))
        #expect(stamp.age(nowMicros: 9_000_001_123) == 1000)
    }

    @Test func aLeanSnapshotGivesLowBitsThatUnwrapNearThePrevious() throws {
        var snapshot = sampleSnapshot()
        snapshot.view.tick = 70_001
        snapshot.serverTimeMicros = 9_000_000_123
        let stamp = try #require(LeanSnapshot.encode(snapshot).withUnsafeBytes { SnapshotStamp.read($0) })
        #expect(!stamp.isKeyframe)
        #expect(stamp.fullTick(near: 70_000) == 70_001)
        #expect(stamp.age(nowMicros: 9_000_002_123) == 2000)
        #expect(stamp.age(nowMicros: 9_000_000_000) == 0)
    }

    @Test func otherBytesHaveNoStamp() {
        #expect([UInt8]().withUnsafeBytes { SnapshotStamp.read($0) } == nil)
        #expect([0x02, 1, 2].withUnsafeBytes { SnapshotStamp.read($0) } == nil)
        #expect(Array("{}".utf8).withUnsafeBytes { SnapshotStamp.read($0) } == nil)
    }
}
