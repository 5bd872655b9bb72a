/// Why bytes could not be read as a replay: the typed error of every replay decoder.
public struct ReplayFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong with the bytes.
    public enum Reason: Equatable, Sendable {
        /// The bytes end before the replay does.
        case truncated
        /// The bytes do not start like a replay (file) at all.
        case notAReplay
        /// A replay written by a newer (or unknown) encoding.
        case unsupportedEncoding(UInt8)
        /// A field holds a value no encoder writes.
        case invalid(String)
        /// Bytes are left over after the replay.
        case trailingBytes(Int)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .truncated: "the replay is truncated"
        case .notAReplay: "this is not a Terminal Tennis replay"
        case .unsupportedEncoding(let version):
            "the replay uses encoding version \(version); this program reads version \(ReplayCodec.encodingVersion) (update tennis to read it)"
        case .invalid(let what): "the replay is corrupt: \(what)"
        case .trailingBytes(let count): "the replay is corrupt: \(count) unexpected bytes at the end"
        }
    }
}
