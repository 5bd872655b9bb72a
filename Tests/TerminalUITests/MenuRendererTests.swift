import Foundation
import Testing

@testable import TerminalUI

@Suite struct MenuRendererTests {
    @Test func aMessageLineWiderThanTheScreenIsWrappedAtSpaces() {
        let reason = "the name ann belongs to another key on this server; choose another name (name_claimed)"
        let screen = MenuRenderer.render(message: MessageScene(title: "Could not join", lines: [reason]),
                                         width: 60, height: 12)
        let body = screen.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(body == ["Could not join", "──────────────",
                         "the name ann belongs to another key on this server;",
                         "choose another name (name_claimed)"])
        #expect(MenuRenderer.wrap(String(repeating: "x", count: 25), width: 20) == [String(repeating: "x", count: 20),
                                                                                   "xxxxx"])
        #expect(MenuRenderer.wrap("short", width: 20) == ["short"])
    }

    @Test func goldenMenu() {
        let menu = MenuScene(
            items: ["Practice", "Host a match", "Join", "Quit"], selected: 1, footer: "↑↓ choose  ENTER select")
        let screen = MenuRenderer.render(menu: menu, width: 60, height: 20)
        let expected = """



                      ╔╦╗╔═╗╦═╗╔╦╗╦╔╗╔╔═╗╦    ╔╦╗╔═╗╔╗╔╔╗╔╦╔═╗
                       ║ ║╣ ╠╦╝║║║║║║║╠═╣║     ║ ║╣ ║║║║║║║╚═╗
                       ╩ ╚═╝╩╚═╩ ╩╩╝╚╝╩ ╩╩═╝   ╩ ╚═╝╝╚╝╝╚╝╩╚═╝


                                    Practice

                                  ▶ Host a match

                                    Join

                                    Quit




                              ↑↓ choose  ENTER select
            """
        #expect(screen.text == expected, "\n\(screen.text)")
        let row = screen.lines.firstIndex { $0.contains("▶ Host a match") }!
        let x = screen.lines[row].count - "▶ Host a match".count
        #expect(screen[x, row].style.reverse)
        #expect(!screen[x, row + 2].style.reverse)
    }

    @Test func goldenMessage() {
        let message = MessageScene(
            title: "Waiting for opponent",
            lines: ["Match code: K7QP", "", "Join:  tennis join K7QP", "Watch: tennis watch K7QP"],
            footer: "Q quit")
        let screen = MenuRenderer.render(message: message, width: 50, height: 12)
        let expected = """


                           Waiting for opponent
                           ────────────────────

                         Match code: K7QP

                         Join:  tennis join K7QP
                         Watch: tennis watch K7QP


                                  Q quit
            """
        #expect(screen.text == expected, "\n\(screen.text)")
        #expect(screen[15, 2].style.bold)
    }

    @Test func aSmallScreenClipsInsteadOfCrashing() {
        let menu = MenuScene(items: ["A", "B"], selected: 5, footer: "a very long footer that does not fit")
        let screen = MenuRenderer.render(menu: menu, width: 10, height: 4)
        #expect(screen.lines.count == 4)
        let message = MenuRenderer.render(message: MessageScene(title: "T", lines: ["x", "y", "z"]), width: 3, height: 2)
        #expect(message.lines.count == 2)
    }
}

@Suite struct HelpTextTests {
    @Test(arguments: [(false, false), (false, true), (true, false)])
    func everyLineOfHelpIsOnAnEightyByTwentyFourScreen(watching: Bool, releases: Bool) {
        let scene = HelpText.scene(watching: watching, reportsReleases: releases, canPause: !watching)
        let screen = MenuRenderer.render(message: scene, width: 80, height: 24)
        for line in scene.lines where !line.isEmpty {
            #expect(screen.text.contains(line), "cut at 80×24: \(line)")
        }
        #expect(screen.text.contains("any key to return"))
    }

    @Test func spectatorsGetTheirKeysAndPlayersTheirs() {
        let watching = HelpText.scene(watching: true, reportsReleases: false).lines.joined(separator: "\n")
        let playing = HelpText.scene(watching: false, reportsReleases: false).lines.joined(separator: "\n")
        #expect(watching.contains("React") && !watching.contains("Lob"))
        #expect(playing.contains("Lob") && !playing.contains("React"))
        #expect(playing.contains("no key releases"))
        #expect(HelpText.scene(watching: false, reportsReleases: true).lines.joined().contains("reports key releases"))
    }
}
