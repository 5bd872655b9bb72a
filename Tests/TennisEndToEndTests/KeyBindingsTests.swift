import Foundation
import TerminalUI
import Testing

@testable import tennis

/// The shipped `assets/keys.json` is the built-in key map, step keys included.
@Suite struct KeyBindingsTests {
    @Test func theShippedKeyMapBindsWhatTheBuiltInOneDoes() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("assets/keys.json")
        let shipped = try KeyBindings.parse(try Data(contentsOf: file), source: "assets/keys.json")
        #expect(shipped.action(for: KeyCode.shiftLeft) == .step(dx: -1, dy: 0))
        #expect(shipped.action(for: KeyCode.shiftUp) == .step(dx: 0, dy: -1))
        for (key, action) in KeyMap.default.bindings where ![KeyCode.escape, KeyCode.lineFeed, KeyCode.carriageReturn,
                                                              KeyCode.enter].contains(key) {
            #expect(shipped.action(for: key) == action, "key \(key)")
        }
    }

    @Test func aStepKeyCanBeRebound() throws {
        let map = try KeyBindings.parse(Data(#"{"step_left": ["z"], "quit": ["q"]}"#.utf8), source: "test")
        #expect(map.action(for: Int32(UInt8(ascii: "z"))) == .step(dx: -1, dy: 0))
    }
}
