import Testing

@testable import TerminalUI

@Suite struct ChoicesSceneTests {
    private func form() -> ChoicesScene {
        ChoicesScene(title: "Host a match", fields: [
            .number("Port", 7878, digits: 5), .choice("Format", ["quick", "short", "set"], selected: 1),
        ])
    }

    @Test func arrowsMoveAndChangeDigitsEditAndEnterAccepts() {
        var scene = form()
        #expect(scene.apply(KeyCode.backspace) == .editing)
        #expect(scene.apply(KeyCode.char("1")) == .editing)
        #expect(scene.value("Port") == "7871")
        #expect(scene.apply(KeyCode.char("9")) == .editing)
        #expect(scene.value("Port") == "78719", "five digits at most")
        _ = scene.apply(KeyCode.char("9"))
        #expect(scene.value("Port") == "78719")
        _ = scene.apply(KeyCode.down)
        _ = scene.apply(KeyCode.left)
        _ = scene.apply(KeyCode.left)
        #expect(scene.value("Format") == "set", "wraps around")
        #expect(scene.apply(KeyCode.enter) == .accepted)
        #expect(scene.apply(KeyCode.escape) == .cancelled)
    }

    @Test func theFormFitsEightyByTwentyFour() {
        let screen = ChoicesRenderer.render(form(), width: 80, height: 24)
        #expect(screen.text.contains("Host a match"))
        #expect(screen.text.contains("◀ short ▶"))
        #expect(screen.text.contains("7878"))
    }
}
