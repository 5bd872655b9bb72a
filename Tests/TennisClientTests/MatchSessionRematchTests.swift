import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// The session's side of an online rematch, in virtual time.
@Suite struct MatchSessionRematchTests {
    typealias Harness = MatchSessionTests.Harness

    @Test func aPlayerAsksOnlyOnceTheMatchIsOver() {
        var h = Harness()
        h.welcome(at: 0)
        h.snapshot(.playing, at: 1)
        #expect(h.session.handle(.askRematch(now: 1)).isEmpty, "not during play")
        h.snapshot(.finished, at: 2)
        #expect(h.session.handle(.askRematch(now: 2)) == [.rematch(link: 1)])
        #expect(h.session.rematchAsked == [true, false])
    }

    @Test func aSpectatorCannotAsk() {
        var h = Harness(hello: .init(role: .spectator, code: "K7QM2P", name: "Fan"))
        h.welcome(seat: nil, token: nil, at: 0)
        h.snapshot(.finished, at: 1)
        #expect(h.session.handle(.askRematch(now: 1)).isEmpty)
    }

    @Test func theRosterSaysWhoAskedAndARefusalIsANoteNotAnEnding() {
        var h = Harness()
        h.welcome(at: 0)
        h.snapshot(.finished, at: 1)
        h.on(.roster(.init(names: ["Ann", "Bob"], connected: [true, true], spectators: 0, rematch: [false, true])), at: 2)
        #expect(h.session.rematchAsked == [false, true])
        _ = h.session.handle(.askRematch(now: 3))
        let refused = h.on(.error(code: "rematch_refused", message: "Bob has left: there is nobody to play"), at: 4)
        #expect(MatchSessionTests.ending(refused) == nil)
        #expect(h.session.rematchAsked[0] == false)
        #expect(h.session.note == "No rematch: Bob has left: there is nobody to play")
        #expect(h.session.errorMessage == nil)
    }

    @Test func theRematchClosesThisLinkAndEndsTheSessionWithWhereToGo() {
        var h = Harness()
        h.welcome(at: 0)
        h.snapshot(.finished, at: 1)
        let made = ServerMessage.Rematch(code: "Q2W3E4", token: "new-token")
        let told = h.on(.rematch(made), at: 2)
        #expect(told == [.close(link: 1)])
        let closed = h.on(.closed(code: 1000, reason: nil), at: 2.1)
        #expect(MatchSessionTests.connects(closed).isEmpty, "the next match is a new session's")
        #expect(MatchSessionTests.ending(closed)?.rematch == made)
        #expect(h.session.closed)
    }
}
