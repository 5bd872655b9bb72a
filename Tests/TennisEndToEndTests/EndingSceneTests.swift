import Testing
import TennisClient
import TerminalUI

@testable import tennis

/// What a player sees when a session ends with no court to draw: a refusal says why in the
/// server's words (never "could not stay connected"), a lost link says where it was.
@Suite struct EndingSceneTests {
    @Test func aRefusedJoinSaysWhyWithoutTheLink() {
        let claimed = MatchSession.Ending(
            reason: "the name ann belongs to another key on this server; choose another name (name_claimed)",
            errorCode: "name_claimed")
        let scene = PlayScreen.endingScene(claimed, inMatch: false, watching: false, endpoint: "ws://127.0.0.1:9/ws")
        #expect(scene.title == "Could not join")
        #expect(scene.lines == [claimed.reason])
        let text = MenuRenderer.render(message: scene, width: 100, height: 30).text
        #expect(text.contains("belongs to another key"))
        #expect(!text.contains("ws://"), "the link is not the problem")
        // Over ssh the name is the login: the refusal says how to come in as another.
        let hint = SSHHello.claimedNameHint(sshCommand: "ssh -p 2222 play.example.org")
        #expect(hint == "Over ssh your name is your login name: log in as another, e.g. ssh -p 2222 OTHER@play.example.org")
        let overSSH = PlayScreen.endingScene(claimed, inMatch: false, watching: false, endpoint: "", nameHint: hint)
        #expect(overSSH.lines == [claimed.reason, "", hint])
        let gone = MatchSession.Ending(reason: "no match ABC234 (not_found)", errorCode: "not_found")
        #expect(PlayScreen.endingScene(gone, inMatch: false, watching: false, endpoint: "", nameHint: hint).lines
                == [gone.reason], "only a claimed name gets the hint")

        #expect(PlayScreen.endingScene(gone, inMatch: false, watching: true, endpoint: "").title == "Could not watch")
        let kicked = MatchSession.Ending(reason: "too many messages (control_flood)", errorCode: "control_flood")
        let cut = PlayScreen.endingScene(kicked, inMatch: true, watching: false, endpoint: "ws://h:1/ws")
        #expect(cut.title == "Disconnected")
        #expect(cut.lines == [kicked.reason], "the server's reason, not the link")
    }

    @Test func aLostLinkNamesWhereItWent() {
        let lost = MatchSession.Ending(reason: "the server at ws://h:1/ws stopped answering")
        let scene = PlayScreen.endingScene(lost, inMatch: true, watching: false, endpoint: "ws://h:1/ws")
        #expect(scene.title == "Disconnected")
        #expect(scene.lines.contains("ws://h:1/ws"))
    }

    @Test func quittingAfterTheLinkEndedEarlyIsAFailureButAfterTheEndOrALeaveItIsNot() {
        let gone = MatchSession.Ending(reason: "no match with code ABC234 (not_found)", errorCode: "not_found")
        // Refused before any court: the reason, no result.
        let refused = PlayScreen.quitOutcome(gone, status: nil, result: nil)
        #expect(refused.errorMessage == gone.reason && refused.errorCode == "not_found" && refused.shown)
        // Mid-match (the server restarted without the match): a failure, with where it was left.
        let cut = PlayScreen.quitOutcome(gone, status: .playing, result: "Left at 2-1")
        #expect(cut.errorMessage == gone.reason && cut.result == "Left at 2-1")
        let lost = MatchSession.Ending(reason: "gave up reconnecting after 45 s")
        #expect(PlayScreen.quitOutcome(lost, status: .paused, result: nil).errorMessage == lost.reason)
        // The match over, or the player's own leaving, or still linked: no failure.
        #expect(PlayScreen.quitOutcome(lost, status: .finished, result: "Ann won 7-4").errorMessage == nil)
        let left = MatchSession.Ending(reason: "closed", left: true)
        #expect(PlayScreen.quitOutcome(left, status: .playing, result: "Left at 1-0").errorMessage == nil)
        #expect(PlayScreen.quitOutcome(nil, status: .playing, result: "Left at 1-0").result == "Left at 1-0")
    }

    @Test func theResultLineGivesTheWinnersFigureFirst() {
        #expect(PlayModel.winnerFirst("2-7", winner: 1) == "7-2", "Bot L3 won 7-2, as the end screen says")
        #expect(PlayModel.winnerFirst("6-4 3-6 5-7", winner: 1) == "4-6 6-3 7-5")
        #expect(PlayModel.winnerFirst("4-2", winner: 0) == "4-2")
    }
}
