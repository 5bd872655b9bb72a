import Foundation
import Testing
import TestSupport

@testable import TennisProtocol

/// The gate in front of every JSON parser: what passes is valid JSON within the limits, so
/// Foundation never sees the inputs it traps on.
@Suite struct JSONGateTests {
    let gate = JSONGate(maxBytes: 4096)

    func passes(_ text: String, _ gate: JSONGate? = nil) -> Bool {
        (try? (gate ?? self.gate).check(Array(text.utf8))) != nil
    }

    func rejectionOf(_ text: String) -> JSONGate.Rejection? {
        do throws(JSONGate.Rejection) {
            try gate.check(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsValidJSON() {
        for text in [
            #"{"type":"hello","version":1,"role":"player","code":"ABC","name":"Ann"}"#,
            #" [1, -2.5e+10, 0, 0.0, true, false, null, "a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00", {}] "#,
            "\"é ✓ 😀\"", "0", "-0", "1E5", "1e-999", "{\"a\":{\"b\":[[]]}}",
        ] {
            #expect(passes(text), "\(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil)
        }
    }

    @Test func rejectsInvalidJSON() {
        for text in [
            "", " ", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{\"a\":1,}", "01", "1.",
            ".5", "-", "1e", "+1", "tru", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"",
            "\"\\udc00\"", "\"a\u{1}b\"", "1e999", "-1E400", "[1] [2]", "1 2", "[\"\\ud83dx\"]", "{\"a\":1}}",
        ] {
            #expect(!passes(text), "\(text)")
        }
        // Invalid UTF-8: a lone continuation byte, an overlong slash, a surrogate, past U+10FFFF.
        for bytes: [UInt8] in [[0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
                               [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            #expect((try? gate.check(bytes)) == nil, "\(bytes)")
        }
    }

    /// The payload that killed the server: 513 `[` (one past Foundation's own nesting limit).
    @Test func deepNestingIsRejectedBeforeFoundationSeesIt() throws {
        for depth in [8, 9, 511, 512, 513, 514, 4000] {
            let opening = String(repeating: "[", count: depth)
            #expect(passes(opening) == false)
            let balanced = opening + String(repeating: "]", count: depth)
            #expect(passes(balanced) == (depth <= 8), "depth \(depth)")
            #expect(throws: ProtocolError.self) { try ClientMessage.decode(opening) }
            #expect(throws: ProtocolError.self) { try ServerMessage.decode(opening) }
        }
        let rejection = try #require(rejectionOf(String(repeating: "[", count: 513)))
        #expect(rejection.reason == "nested deeper than 8" && rejection.offset == 8)
    }

    @Test func limitsSizeAndNumberLength() {
        #expect(!passes("\"" + String(repeating: "a", count: 5000) + "\""))
        #expect(passes(String(repeating: "9", count: 32)))
        #expect(!passes(String(repeating: "9", count: 33)))
    }

    /// Every byte value at every position of valid messages, and every truncation: whatever the
    /// gate passes, Foundation parses; nothing traps.
    @Test(.cpuBound) func mutationsOfValidMessagesNeverPassInvalidJSON() {
        let samples = [
            ClientMessage.hello(.init(role: .player, code: "K7QM2P", name: "Ann", token: "ab", rate: 30)).encode(),
            ClientMessage.ping(id: 7, clientTime: 123_456).encode(),
            ClientMessage.chat(text: "nice shot é").encode(),
        ]
        var passed = 0
        var tried = 0
        for sample in samples {
            let bytes = Array(sample.utf8)
            var variants: [[UInt8]] = (0...bytes.count).map { Array(bytes[0..<$0]) }
            for position in bytes.indices {
                for value in UInt8.min...UInt8.max where value != bytes[position] {
                    var mutated = bytes
                    mutated[position] = value
                    variants.append(mutated)
                }
            }
            for variant in variants {
                tried += 1
                guard (try? gate.check(variant)) != nil else { continue }
                passed += 1
                let parsed = try? JSONSerialization.jsonObject(with: Data(variant), options: .fragmentsAllowed)
                #expect(parsed != nil, "the gate passed what Foundation rejects: \(String(decoding: variant, as: UTF8.self))")
                if let text = String(validating: variant, as: UTF8.self) { _ = try? ClientMessage.decode(text) }
            }
        }
        #expect(tried > 30_000 && passed > 100)
    }

    @Test func untrustedDecodeGoesThroughTheGate() throws {
        struct Body: Decodable { var format: String? }
        #expect(try UntrustedJSON.decode(Body.self, from: Array(#"{"format":"short"}"#.utf8), gate: .requestBody).format
            == "short")
        #expect(throws: JSONGate.Rejection.self) {
            try UntrustedJSON.decode(Body.self, from: Array(String(repeating: "[", count: 513).utf8), gate: .requestBody)
        }
        #expect(throws: JSONGate.Rejection.self) {
            try UntrustedJSON.object(from: Array(String(repeating: "{\"a\":", count: 20).utf8), gate: .configFile)
        }
    }
}
