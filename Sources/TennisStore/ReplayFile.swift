import Foundation
import TennisCore
import TennisRecords

/// A replay as a file to share (`tennis export`, `tennis replay FILE`): who played, when,
/// and the replay blob, behind a magic number.
///
/// Layout (little-endian): 8 bytes `TENNISRP`, u8 file version (1), short strings (u8 length +
/// UTF-8) for the match code and the two names, i64 start and end (Unix milliseconds),
/// u8 ending (0 played, 1 forfeit, 2 abandoned), u8 winner seat (255: none), u32 blob length,
/// then the `ReplayCodec` blob.
public struct ReplayFile: Sendable, Equatable {
    public static let magic = Array("TENNISRP".utf8)
    public static let fileVersion: UInt8 = 1

    public var code: String
    public var names: PerPlayer<String>
    public var startedAt: Date
    public var endedAt: Date
    public var ending: MatchEnding
    public var winner: Int?
    public var replay: Replay

    public init(code: String, names: PerPlayer<String>, startedAt: Date, endedAt: Date, ending: MatchEnding,
                winner: Int?, replay: Replay) {
        self.code = code
        self.names = names
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.ending = ending
        self.winner = winner
        self.replay = replay
    }

    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.append(Self.magic)
        out.u8(Self.fileVersion)
        out.shortString(code)
        out.shortString(names.left)
        out.shortString(names.right)
        out.i64(Int64((startedAt.timeIntervalSince1970 * 1000).rounded()))
        out.i64(Int64((endedAt.timeIntervalSince1970 * 1000).rounded()))
        out.u8(UInt8(MatchEnding.allCases.firstIndex(of: ending) ?? 0))
        out.u8(winner.map { UInt8($0) } ?? 255)
        let blob = ReplayCodec.encode(replay)
        out.u32(UInt32(blob.count))
        out.append(blob)
        return out.bytes
    }

    public init(decoding bytes: some Collection<UInt8>) throws(ReplayFormatError) {
        var input = ByteReader(bytes)
        guard input.remaining >= Self.magic.count, try input.bytes(Self.magic.count) == Self.magic else {
            throw ReplayFormatError(.notAReplay)
        }
        let version = try input.u8()
        guard version == Self.fileVersion else { throw ReplayFormatError(.unsupportedEncoding(version)) }
        code = try input.shortString("match code")
        names = PerPlayer(try input.shortString("name"), try input.shortString("name"))
        startedAt = Date(timeIntervalSince1970: Double(try input.i64()) / 1000)
        endedAt = Date(timeIntervalSince1970: Double(try input.i64()) / 1000)
        let endingIndex = Int(try input.u8())
        guard endingIndex < MatchEnding.allCases.count else { throw ReplayFormatError(.invalid("unknown ending")) }
        ending = MatchEnding.allCases[endingIndex]
        let seat = try input.u8()
        guard seat <= 1 || seat == 255 else { throw ReplayFormatError(.invalid("winner out of range")) }
        winner = seat == 255 ? nil : Int(seat)
        let length = Int(try input.u32())
        var blob = ByteReader(try input.bytes(length))
        replay = try ReplayCodec.decode(from: &blob)
        try blob.expectEnd()
        try input.expectEnd()
    }
}
