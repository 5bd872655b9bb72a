import TennisRecords
import Foundation
import TennisCore
import Testing
import TestSupport

@testable import TennisStore

@Suite struct ReplayCodecTests {
    static let sample = TestMatches.replay(seed: 11, maxTicks: 4000).0

    @Test func roundTripIsExactAndCompact() throws {
        let replay = Self.sample
        let bytes = ReplayCodec.encode(replay)
        let decoded = try ReplayCodec.decode(bytes)
        #expect(decoded == replay)
        #expect(try decoded.verify().stateHash == replay.finalHash)
        let fixed = 1 + 4 + 8 + 1 + 1 + replay.config.surface.name.utf8.count + 8 + 8 + 4 + 8 + 4
        // Two bytes per entry unless entries are more than 127 ticks apart.
        #expect(bytes.count <= fixed + replay.log.entries.count * 3)
        #expect(replay.log.entries.count > 10)
    }

    @Test func roundTripsEveryInput() throws {
        var entries: [InputLog.Entry] = []
        var tick: UInt32 = 0
        for seat in 0...1 {
            for x in -1...1 {
                for y in -1...1 {
                    for swing in [nil] + ShotKind.allCases {
                        tick += UInt32(x + 2) * 100
                        entries.append(.init(tick: tick, seat: UInt8(seat), input: PlayerInput(moveX: Int8(x), moveY: Int8(y), swing: swing)))
                    }
                }
            }
        }
        let surface = Surface(name: "moon dust ☾", restitution: 0.5, horizontalRetention: 0.9)
        let replay = Replay(config: MatchConfig(seed: .max, format: .bestOfThree, surface: surface),
                            log: InputLog(entries: entries), finalTick: tick + 1, finalHash: 0xDEAD_BEEF,
                            simulationVersion: 42)
        #expect(try ReplayCodec.decode(ReplayCodec.encode(replay)) == replay)
    }

    @Test func everyTruncationIsATypedError() {
        let bytes = ReplayCodec.encode(Self.sample)
        for length in 0..<bytes.count {
            #expect(throws: ReplayFormatError.self) { try ReplayCodec.decode(bytes.prefix(length)) }
        }
        #expect(throws: ReplayFormatError(.truncated)) { try ReplayCodec.decode(bytes.prefix(bytes.count - 1)) }
    }

    @Test func garbageIsRejectedNotTrusted() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let count = Int(rng.next() % 64)
            let garbage = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(throws: ReplayFormatError.self) { try ReplayCodec.decode([ReplayCodec.encodingVersion] + garbage) }
        }
        var bytes = ReplayCodec.encode(Self.sample)
        bytes[0] = 9
        #expect(throws: ReplayFormatError(.unsupportedEncoding(9))) { try ReplayCodec.decode(bytes) }
        bytes = ReplayCodec.encode(Self.sample) + [0]
        #expect(throws: ReplayFormatError(.trailingBytes(1))) { try ReplayCodec.decode(bytes) }
        // A huge entry count must not allocate; it is simply too long for the input.
        bytes = ReplayCodec.encode(Replay(config: MatchConfig(seed: 1), log: InputLog(), finalTick: 0, finalHash: 0))
        bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ReplayFormatError(.truncated)) { try ReplayCodec.decode(bytes) }
    }

    @Test(.cpuBound) func flippedBitsNeverCrash() {
        let bytes = ReplayCodec.encode(Self.sample)
        var rng = SplitMix64(seed: 9)
        for _ in 0..<3000 {
            var copy = bytes
            let index = Int(rng.next() % UInt64(copy.count))
            copy[index] ^= UInt8(1 << (rng.next() % 8))
            // Typed throws: the only way to fail is a ReplayFormatError; the test is that nothing traps
            // (a flipped bit in the hash or seed still decodes, as a replay that will not verify).
            _ = try? ReplayCodec.decode(copy)
        }
    }

    @Test func exportFileRoundTripsAndChecksItsMagic() throws {
        let file = ReplayFile(code: "ABC234", names: PerPlayer("Ann", "Bob"), startedAt: Date(timeIntervalSince1970: 1000),
                              endedAt: Date(timeIntervalSince1970: 1060.5), ending: .forfeit, winner: 1,
                              replay: Self.sample)
        let bytes = file.encoded()
        #expect(Array(bytes.prefix(8)) == Array("TENNISRP".utf8))
        #expect(try ReplayFile(decoding: bytes) == file)
        #expect(throws: ReplayFormatError(.notAReplay)) { try ReplayFile(decoding: Array("hello, world".utf8)) }
        #expect(throws: ReplayFormatError(.notAReplay)) { try ReplayFile(decoding: [UInt8]()) }
        for length in 8..<bytes.count {
            #expect(throws: ReplayFormatError.self) { try ReplayFile(decoding: bytes.prefix(length)) }
        }
        var newer = bytes
        newer[8] = 2
        #expect(throws: ReplayFormatError(.unsupportedEncoding(2))) { try ReplayFile(decoding: newer) }
    }
}
