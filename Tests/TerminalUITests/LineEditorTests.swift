import Testing

@testable import TerminalUI

@Suite struct LineEditorTests {
    func type(_ text: String, into editor: inout LineEditor) -> LineEditor.Outcome {
        var last = LineEditor.Outcome.editing
        for scalar in text.unicodeScalars { last = editor.apply(Int32(scalar.value)) }
        return last
    }

    @Test func aSuggestionIsReplacedByTypingAndClearedByBackspace() {
        var typed = LineEditor(text: "Player", limit: 16)
        _ = type("Zed", into: &typed)
        #expect(typed.text == "Zed")
        var cleared = LineEditor(text: "Player", limit: 16)
        #expect(cleared.apply(KeyCode.backspace) == .editing)
        #expect(cleared.text.isEmpty)
    }

    @Test func enterAcceptsEscCancelsAndTheLimitHolds() {
        var editor = LineEditor(limit: 4)
        _ = type("abcdef", into: &editor)
        #expect(editor.text == "abcd")
        _ = editor.apply(KeyCode.backspace)
        #expect(editor.apply(KeyCode.enter) == .accepted("abc"))
        #expect(editor.apply(KeyCode.escape) == .cancelled)
        _ = editor.apply(3)  // control keys are not text
        #expect(editor.text == "abc")
    }
}

@Suite struct FunctionKeyCollisionTests {
    @Test func arrowKeysAreNotTypedAndLettersFromU0100AreKept() {
        var editor = LineEditor(text: "", limit: 20)
        for key in [KeyCode.left, KeyCode.right, KeyCode.up, KeyCode.down, KeyCode.home, KeyCode.resize] {
            _ = editor.apply(key)
        }
        #expect(editor.text.isEmpty, "function keys type nothing: \(editor.text)")
        for scalar in "Łódź Ő".unicodeScalars { _ = editor.apply(KeyCode.char(scalar)) }
        #expect(editor.text == "Łódź Ő")
        #expect(KeyCode.char("ą") != KeyCode.left && KeyCode.character(KeyCode.char("ą")) == "ą")
    }
}
