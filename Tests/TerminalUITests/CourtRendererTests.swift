import TennisCore
import Testing

@testable import TerminalUI

/// A rally in the second set of a best-of-three: Bob serving, Alice (this client) swinging
/// a drive from behind her baseline, the ball 1.2 m up on Bob's side.
func goldenScene() -> CourtScene {
    let score = Score(
        format: .bestOfThree, points: PerPlayer(2, 1), games: PerPlayer(2, 1),
        sets: [SetScore(games: PerPlayer(6, 4))], inTiebreak: false, server: 1, winner: -1)
    let view = MatchView(
        tick: 1234, phase: .rally,
        ball: BallView(
            position: Vec3(x: 3, y: -1, z: 1.2), velocity: Vec3(x: 20, y: 0, z: 0), visible: true, lastHitter: 0,
            bounces: 0),
        players: PerPlayer(
            PlayerView(position: Vec2(x: -12, y: 2), swing: .drive, swingTicks: 8),
            PlayerView(position: Vec2(x: 12.5, y: -1.5))),
        score: score, serveNumber: 1)
    return CourtScene(
        view: view, names: PerPlayer("Alice", "Bob"), you: 0, rttMillis: 42, spectators: 3, surface: "grass",
        banner: nil, callout: nil, code: "K7QP")
}

@Suite struct CourtRendererTests {
    @Test func goldenFrameAt100x30() {
        let screen = CourtRenderer.render(goldenScene(), width: 100, height: 30)
        let expected = """
               Alice (you)   6  2  30                                                  match K7QP · grass court
             • Bob           4  1  15                                                    RTT 42 ms · 3 watching


                                                             ╥
                                                             ║
                      ┌──────────────────────────────────────╫──────────────────────────────────────┐
                      │                                      ║                                      │
                      ├─────────────────┬────────────────────╫────────────────────┬─────────────────┤
                      │                 │                    ║                    │                 │
                      │                 │                    ║                    │                 │
                      │                 │                    ║         ●          │                 │
                      │                 │                    ║                    │                 │
                      │                 │                    ║         ·          │                 │ B
                      │                 │                    ║                    │                 │
                      ├                 ├────────────────────╫────────────────────┤                 ┤
                      │                 │                    ║                    │                 │
                      │                 │                    ║                    │                 │
                     A─                 │                    ║                    │                 │
                      │                 │                    ║                    │                 │
                      │                 │                    ║                    │                 │
                      │                 │                    ║                    │                 │
                      ├─────────────────┴────────────────────╫────────────────────┴─────────────────┤
                      │                                      ║                                      │
                      └──────────────────────────────────────╫──────────────────────────────────────┘
                                                             ║
                                                             ╨


                       ←↑↓→/WASD move  SPACE/J drive  F flat  K lob  L slice  I drop  ? help  Q quit
            """
        #expect(screen.text == expected, "\n\(screen.text)")
    }
}

extension CourtRendererTests {
    /// Where a character appears in the court area (first match, row by row).
    func find(_ character: Character, in screen: Screen) -> (x: Int, y: Int)? {
        for y in CourtRenderer.hudRows..<screen.height - CourtRenderer.footerRows {
            for x in 0..<screen.width where screen[x, y].character == character { return (x, y) }
        }
        return nil
    }

    func scene(_ change: (inout CourtScene) -> Void) -> CourtScene {
        var scene = goldenScene()
        change(&scene)
        return scene
    }

    @Test func theBallIsDrawnAboveItsShadowByItsHeight() throws {
        let low = CourtRenderer.render(scene { $0.view.ball.position.z = 0.6 }, width: 100, height: 30)
        let high = CourtRenderer.render(scene { $0.view.ball.position.z = 3.0 }, width: 100, height: 30)
        let lowBall = try #require(find("●", in: low)), lowShadow = try #require(find("·", in: low))
        let highBall = try #require(find("●", in: high)), highShadow = try #require(find("·", in: high))
        #expect(lowBall.x == lowShadow.x && lowBall.y < lowShadow.y)
        #expect(highShadow == lowShadow)
        #expect(highShadow.y - highBall.y > lowShadow.y - lowBall.y)
    }

    @Test func aBallOnTheGroundHasNoSeparateShadow() {
        let screen = CourtRenderer.render(scene { $0.view.ball.position.z = 0 }, width: 100, height: 30)
        #expect(find("●", in: screen) != nil)
        #expect(find("·", in: screen) == nil)
    }

    @Test func aHiddenBallIsNotDrawn() {
        let screen = CourtRenderer.render(scene { $0.view.ball.visible = false }, width: 100, height: 30)
        #expect(find("●", in: screen) == nil)
    }

    @Test func aVeryHighBallStaysOnScreen() throws {
        let screen = CourtRenderer.render(scene { $0.view.ball.position.z = 40 }, width: 100, height: 30)
        let ball = try #require(find("●", in: screen))
        #expect(ball.y == CourtRenderer.hudRows)
    }

    @Test func tooSmallTerminalsGetAMessage() {
        let screen = CourtRenderer.render(goldenScene(), width: 60, height: 20)
        #expect(screen.lines.filter { !$0.isEmpty } == ["Terminal too small — enlarge to 80×24 (now 60×20)"].map {
            String(repeating: " ", count: (60 - $0.count) / 2) + $0
        })
        let narrow = CourtRenderer.render(goldenScene(), width: 30, height: 10)
        #expect(narrow.text.contains("Terminal too small"))
        #expect(narrow.text.contains("(now 30×10)"))
        let exact = CourtRenderer.render(goldenScene(), width: 80, height: 24)
        #expect(!exact.text.contains("too small"))
    }

    @Test func theBannerIsBoxedInTheMiddleOfTheCourt() throws {
        let screen = CourtRenderer.render(scene { $0.banner = "Waiting for opponent…" }, width: 100, height: 30)
        let row = try #require(screen.lines.firstIndex { $0.contains("Waiting for opponent…") })
        #expect(row == 15)
        #expect(screen.lines[row - 1].contains("╭───"))
        #expect(screen.lines[row + 1].contains("╰───"))
    }

    @Test func theCalloutIsBigAndBoldNearTheTop() {
        let screen = CourtRenderer.render(scene { $0.callout = "ACE" }, width: 100, height: 30)
        let big = TitleArt.big("ACE")!
        for (offset, line) in big.enumerated() {
            #expect(screen.lines[3 + offset].contains(line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
        }
        let left = screen.lines[3].firstIndex(of: "╔").map { screen.lines[3].distance(from: screen.lines[3].startIndex, to: $0) }
        #expect(left.map { screen[$0, 3].style.bold } == true)
    }

    @Test func aCalloutTheFontCannotDrawIsBoxed() {
        let screen = CourtRenderer.render(scene { $0.callout = "6-4 Alice?" }, width: 100, height: 30)
        #expect(screen.lines[4].contains("│ 6-4 Alice? │"))
    }

    @Test func theScoreboardMarksTheServerAndYou() {
        let lines = CourtRenderer.render(goldenScene(), width: 100, height: 30).lines
        #expect(lines[0].hasPrefix("   Alice (you)   6  2  30"))
        #expect(lines[1].hasPrefix(" • Bob           4  1  15"))
    }

    @Test func statusWordsFollowTheScore() {
        func status(_ change: (inout CourtScene) -> Void) -> String {
            String(CourtRenderer.render(scene(change), width: 100, height: 30).lines[2].drop { $0 == " " })
        }
        #expect(status { $0.view.score.points = PerPlayer(3, 3) } == "Deuce")
        #expect(status { $0.view.score.points = PerPlayer(4, 5) } == "Ad Bob")
        #expect(status { $0.view.serveNumber = 2; $0.view.phase = .serving } == "2nd serve")
        #expect(
            status {
                $0.view.score.inTiebreak = true
                $0.view.score.games = PerPlayer(6, 6)
                $0.view.score.points = PerPlayer(5, 5)
            } == "Tiebreak")
        #expect(status { $0.view.score.winner = 0 } == "Alice wins the match")
        #expect(status { _ in } == "")
    }

    @Test func advantageShowsADBesideTheLeader() {
        let lines = CourtRenderer.render(scene { $0.view.score.points = PerPlayer(4, 3) }, width: 100, height: 30).lines
        #expect(lines[0].hasSuffix("AD") || lines[0].contains(" AD "))
        #expect(!lines[1].contains("AD"))
    }

    @Test func theRallyLengthShowsFromTheSecondShot() {
        #expect(CourtRenderer.render(scene { $0.rallyLength = 7 }, width: 100, height: 30).lines[2].hasSuffix("rally 7"))
        #expect(!CourtRenderer.render(scene { $0.rallyLength = 1 }, width: 100, height: 30).text.contains("rally 1"))
    }

    @Test func chatLinesSitAtTheBottomLeftNewestLowest() {
        let screen = CourtRenderer.render(
            scene {
                $0.chat = ["Sam (watching): Great shot!", "Kim (watching): Ooh!"]
                $0.chatDraft = "what a ral"
            }, width: 100, height: 30)
        #expect(screen.lines[28].hasPrefix("  say: what a ral▏"))
        #expect(screen.lines[27].hasPrefix("  Kim (watching): Ooh!"))
        #expect(screen.lines[26].hasPrefix("  Sam (watching): Great shot!"))
        let quiet = CourtRenderer.render(scene { _ in }, width: 100, height: 30)
        #expect(!quiet.text.contains("say:"))
    }

    @Test func spectatorsSeeTheirOwnHintAndUnknownRTT() {
        let screen = CourtRenderer.render(
            scene {
                $0.you = nil
                $0.rttMillis = nil
                $0.spectators = 0
            }, width: 100, height: 30)
        #expect(screen.lines[29].contains("Watching"))
        #expect(screen.lines[1].hasSuffix("RTT —"))
        #expect(!screen.text.contains("(you)"))
    }

    @Test func yourPlayerAndTheOpponentHaveDifferentColours() throws {
        let screen = CourtRenderer.render(goldenScene(), width: 100, height: 30)
        let alice = try #require(find("A", in: screen)), bob = try #require(find("B", in: screen))
        #expect(screen[alice.x, alice.y].style.bg == .yellow)
        #expect(screen[bob.x, bob.y].style.bg == .cyan)
        let asBob = CourtRenderer.render(scene { $0.you = 1 }, width: 100, height: 30)
        #expect(asBob[bob.x, bob.y].style.bg == .yellow)
    }

    @Test func theRacketShowsOnlyWhileSwingingOnTheNetSide() throws {
        let idle = CourtRenderer.render(scene { $0.view.players[0].swing = nil }, width: 100, height: 30)
        let alice = try #require(find("A", in: idle))
        #expect(idle[alice.x + 1, alice.y].character == "│")
        let swinging = CourtRenderer.render(goldenScene(), width: 100, height: 30)
        #expect(swinging[alice.x + 1, alice.y].character == "─")
        let bobSwings = CourtRenderer.render(
            scene {
                $0.view.players[1].swing = .lob
                $0.view.players[1].swingTicks = 0
            }, width: 100, height: 30)
        let bob = try #require(find("B", in: bobSwings))
        #expect(bobSwings[bob.x - 1, bob.y].character == "╲")
    }

    @Test func theSurfacePicksTheCourtColour() {
        for (surface, colour) in [("hard", TermColor.blue), ("clay", .red), ("grass", .green)] {
            let screen = CourtRenderer.render(scene { $0.surface = surface }, width: 100, height: 30)
            #expect(screen[20, 10].style.bg == colour)
            #expect(screen[0, 10].style.bg == colour)
            #expect(screen[20, 3].style.bg == .default)
        }
    }

    @Test func theCourtKeepsItsProportionsAndIsCentred() throws {
        for (width, height) in [(80, 24), (100, 30), (200, 50), (120, 60)] {
            let screen = CourtRenderer.render(goldenScene(), width: width, height: height)
            let topLeft = try #require(find("┌", in: screen)), bottomRight = try #require(find("┘", in: screen))
            let columns = Double(bottomRight.x - topLeft.x), rows = Double(bottomRight.y - topLeft.y)
            let ratio = columns / (2 * rows)
            #expect(abs(ratio - Court.length / Court.doublesWidth) < 0.25, "\(width)×\(height): \(ratio)")
            let net = try #require(find("╥", in: screen))
            #expect(net.x - topLeft.x == bottomRight.x - net.x)
        }
    }
}

@Suite struct SlowLinkWarningTests {
    @Test func aSlowRoundTripIsFlagged() {
        var scene = goldenScene()
        scene.rttMillis = 40
        #expect(!CourtRenderer.render(scene, width: 100, height: 30).text.contains("slow link"))
        scene.rttMillis = 220
        let text = CourtRenderer.render(scene, width: 100, height: 30).text
        #expect(text.contains("RTT 220 ms · slow link"))
    }
}

@Suite struct ChatOverlayTests {
    @Test func aLongLineKeepsTheSpeakersNameAndWrapsAtEightyColumns() throws {
        var scene = goldenScene()
        let line = "Maximiliana (watching): what a rally that was, twenty shots and a drop volley to finish"
        scene.chat = [line]
        let screen = CourtRenderer.render(scene, width: 80, height: 24)
        // Three rows of the 40-column box, read back: the whole line, name first.
        let top = try #require(screen.lines.firstIndex { $0.contains(" Maximiliana (watching): what a rally") })
        let text = (top..<top + 3).map { row in
            String(Array(screen.lines[row]).dropFirst(2).prefix(38))
        }.joined(separator: " ")
        let words = text.split(separator: " ").joined(separator: " ")
        #expect(words.hasPrefix(line), "read back: \(text)")
    }

    @Test func rowsAreCutOnlyAfterThree() {
        #expect(CourtRenderer.chatRows("short", width: 10) == ["short"])
        #expect(CourtRenderer.chatRows("abcdefghijKLM", width: 10) == ["abcdefghij", "KLM"])
        #expect(CourtRenderer.chatRows("Ann: what a shot that was", width: 10) == ["Ann: what", "a shot", "that was"])
        #expect(CourtRenderer.chatRows(String(repeating: "x", count: 35), width: 10)
            == [String(repeating: "x", count: 10), String(repeating: "x", count: 10), String(repeating: "x", count: 9) + "…"])
    }
}

@Suite struct ServeMeterTests {
    private func render(_ meter: ServeMeter) -> Screen {
        var scene = goldenScene()
        scene.view.phase = .serving
        scene.serveMeter = meter
        return CourtRenderer.render(scene, width: 100, height: 30)
    }

    @Test func theMeterRisesThenMarksTheMomentToHit() {
        let rising = render(ServeMeter(server: 0, fraction: 0.5, timing: .early)).text
        #expect(rising.contains("▲"))
        #expect(rising.contains("◀ hit"))
        #expect(rising.filter { $0 == "┃" }.count == 3, "half of six rows filled")
        let now = render(ServeMeter(server: 0, fraction: 1, timing: .perfect)).text
        #expect(now.contains("◀ HIT!"))
        #expect(now.filter { $0 == "┃" }.count == 6)
        let late = render(ServeMeter(server: 1, fraction: 0.3, timing: .late)).text
        #expect(late.contains("▼") && late.contains("hit ▶"), "the right server's meter points the other way")
    }
}

@Suite struct BounceMarkTests {
    @Test func theBallsNextBounceIsRingedUnderThePlayers() {
        var scene = goldenScene()
        scene.bounceMark = Vec2(x: -8, y: 1)
        #expect(CourtRenderer.render(scene, width: 100, height: 30).text.contains("◎"))
        scene.charset = .ascii
        scene.bounceMark = Vec2(x: -8, y: 1)
        let ascii = CourtRenderer.render(scene, width: 100, height: 30)
        #expect(!ascii.text.contains("◎"))
        scene.bounceMark = nil
        #expect(!CourtRenderer.render(scene, width: 100, height: 30).text.contains("◎"))
    }
}
