/// Why bytes from the network could not be turned into a message.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Kind: Equatable, Sendable {
        case truncated(needed: Int, available: Int)
        case unknownType(UInt8)
        case unknownMessage(String)
        case invalidValue(field: String)
        case tooLarge(size: Int, limit: Int)
        case malformedJSON(String)
        case trailingBytes(Int)
    }

    let kind: Kind

    public static func truncated(needed: Int, available: Int) -> ProtocolError {
        .init(kind: .truncated(needed: needed, available: available))
    }
    public static func unknownType(_ type: UInt8) -> ProtocolError { .init(kind: .unknownType(type)) }
    /// A JSON control message whose `type` is not one this side knows.
    public static func unknownMessage(_ type: String) -> ProtocolError { .init(kind: .unknownMessage(type)) }
    public static func invalidValue(_ field: String) -> ProtocolError { .init(kind: .invalidValue(field: field)) }
    public static func tooLarge(size: Int, limit: Int) -> ProtocolError { .init(kind: .tooLarge(size: size, limit: limit)) }
    public static func malformedJSON(_ detail: String) -> ProtocolError { .init(kind: .malformedJSON(detail)) }
    public static func trailingBytes(_ count: Int) -> ProtocolError { .init(kind: .trailingBytes(count)) }

    /// A short machine-readable name, used as the error code sent to clients.
    public var code: String {
        switch kind {
        case .truncated: "truncated"
        case .unknownType, .unknownMessage: "unknown_type"
        case .invalidValue: "invalid_value"
        case .tooLarge: "too_large"
        case .malformedJSON: "malformed_json"
        case .trailingBytes: "trailing_bytes"
        }
    }

    public var description: String {
        switch kind {
        case .truncated(let needed, let available): "message truncated: needed \(needed) bytes, had \(available)"
        case .unknownType(let type): "unknown message type 0x\(String(type, radix: 16))"
        case .unknownMessage(let type): "unknown message type \"\(type.prefix(32))\""
        case .invalidValue(let field): "invalid value for \(field)"
        case .tooLarge(let size, let limit): "message of \(size) bytes exceeds the \(limit)-byte limit"
        case .malformedJSON(let detail): "malformed JSON control message: \(detail)"
        case .trailingBytes(let count): "\(count) unexpected bytes after the message"
        }
    }
}
