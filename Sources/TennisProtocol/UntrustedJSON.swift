import Foundation

/// The one way untrusted JSON is decoded: through `JSONGate` first, then Foundation.
public enum UntrustedJSON {
    /// Decodes `T` from bytes that `gate` has passed; any fault (the gate's or the decoder's) is thrown.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, gate: JSONGate,
                                            decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try gate.check(bytes)
        return try decoder.decode(T.self, from: Data(bytes))
    }

    /// `JSONSerialization`'s object for bytes that `gate` has passed.
    public static func object(from bytes: some Collection<UInt8>, gate: JSONGate) throws -> Any {
        try gate.check(bytes)
        return try JSONSerialization.jsonObject(with: Data(bytes))
    }
}
