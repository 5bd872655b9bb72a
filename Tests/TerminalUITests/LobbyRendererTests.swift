import TennisRecords
import Testing

@testable import TerminalUI

@Suite struct LobbyRendererTests {
    private let rows = [
        MatchSummary(code: "YCDCQA", players: [], spectators: 0, state: "waiting",
                     format: "tiebreak", surface: "clay", score: "0-0"),
        MatchSummary(code: "K7QM2P", players: ["Ann", "Bob"], spectators: 12, state: "playing",
                     format: "short", surface: "grass", score: "2-1 30-15"),
        MatchSummary(code: "ZZ9ZZ9", players: ["Cy", "Di"], spectators: 1, state: "finished",
                     format: "short", surface: "hard", score: "4-2 4-1"),
    ]

    @Test(arguments: [(80, 24), (200, 60)])
    func everyMatchShowsWhatEnterDoes(width: Int, height: Int) {
        let screen = LobbyRenderer.render(LobbyScene(server: "http://play:7878", rows: rows, selected: 1,
                                                     status: "3 live matches"), width: width, height: height)
        let lines = screen.lines
        let waiting = lines.first { $0.contains("YCDCQA") } ?? ""
        let playing = lines.first { $0.contains("K7QM2P") } ?? ""
        let over = lines.first { $0.contains("ZZ9ZZ9") } ?? ""
        #expect(waiting.contains("(nobody yet)") && waiting.hasSuffix("join"), "\(waiting)")
        #expect(playing.contains("▶ K7QM2P") && playing.contains("Ann vs Bob") && playing.contains("2-1 30-15")
            && playing.contains("12") && playing.hasSuffix("watch"), "\(playing)")
        #expect(over.hasSuffix("replay"), "\(over)")
        #expect(screen.text.contains("Live matches on http://play:7878"))
        #expect(lines.allSatisfy { $0.count <= width })
        if width >= 100 { #expect(playing.contains("short · grass")) }
    }

    @Test func anEmptyServerSaysHowToStartOne() {
        let screen = LobbyRenderer.render(LobbyScene(server: "http://x", rows: [], selected: 3, status: ""),
                                          width: 80, height: 24)
        #expect(screen.text.contains("No live matches yet"))
    }
}
