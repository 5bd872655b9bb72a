import TennisCore
import TennisProtocol
import Testing

@testable import TennisClient

/// Every edge of a client's session, in virtual time: events in, actions out, no sockets, no sleeps.
@Suite struct MatchSessionTests {
    static let home = "ws://home:7878/ws"
    static let hello = ClientMessage.Hello(role: .player, code: "K7QM2P", name: "Ann")

    /// A session with its first link open and welcomed at t = 0.
    struct Harness {
        var session: MatchSession
        var link = 1
        var actions: [MatchSession.Action] = []

        init(retry: RetryPolicy = .init(firstDelay: 0.25, maxDelay: 4, giveUpAfter: 30),
             hello: ClientMessage.Hello = MatchSessionTests.hello, rememberSeat: Bool = false) {
            var settings = MatchSession.Settings(url: MatchSessionTests.home, hello: hello, retry: retry)
            settings.rememberSeat = rememberSeat
            session = MatchSession(settings)
            actions = session.handle(.start(now: 0))
        }

        @discardableResult
        mutating func on(_ event: ClientEvent, at now: Double) -> [MatchSession.Action] {
            actions = session.handle(.link(link, event, now: now))
            return actions
        }

        @discardableResult
        mutating func frame(_ now: Double, _ input: PlayerInput? = nil) -> [MatchSession.Action] {
            actions = session.handle(.frame(now: now, input: input))
            if case .connect(let id, _, _)? = actions.first(where: { if case .connect = $0 { true } else { false } }) {
                link = id
            }
            return actions
        }

        /// Opens and welcomes the current link.
        mutating func welcome(seat: Int? = 0, token: String? = "tok", tally: PointTally? = nil, at now: Double) {
            on(.opened, at: now)
            on(.welcome(.init(code: "K7QM2P", seat: seat, token: token, format: "short", surface: "hard",
                              tickRate: 60, tally: tally.map(ServerMessage.Tally.init))), at: now)
        }

        /// The first link is sent on to `url` (`moved`, then close 4307); the next link is current.
        @discardableResult
        mutating func redirected(to url: String, reservation: String? = "R1", at now: Double) -> [MatchSession.Action] {
            on(.opened, at: now)
            on(.moved(.init(url: url, reservation: reservation)), at: now)
            let actions = on(.closed(code: WireProtocol.CloseCode.moved, reason: "moved"), at: now)
            link += 1
            return actions
        }

        mutating func snapshot(_ status: MatchStatus, at now: Double) {
            on(.snapshot(Snapshot(serverTimeMicros: 0, lastInputSeq: PerPlayer(0, 0), status: status,
                                  view: MatchState(config: MatchConfig(seed: 1)).view)), at: now)
        }
    }

    static func connects(_ actions: [MatchSession.Action]) -> [(url: String, hello: ClientMessage.Hello)] {
        actions.compactMap { if case .connect(_, let url, let hello) = $0 { (url, hello) } else { nil } }
    }

    static func ending(_ actions: [MatchSession.Action]) -> MatchSession.Ending? {
        actions.lazy.compactMap { if case .ended(let ending) = $0 { ending } else { nil } }.first
    }

    @Test func theFirstLinkGoesHomeWithTheHello() {
        let h = Harness()
        #expect(h.actions == [.connect(link: 1, url: Self.home, hello: Self.hello)])
    }

    @Test func aReconnectMidMatchKeepsTheWholeMatchsStatistics() {
        var h = Harness()
        var before = PointTally()
        before.pointsWon = [2, 1]
        h.welcome(tally: before, at: 0)
        h.on(.play(tick: 10, .serve(player: 0)), at: 1)
        h.on(.play(tick: 20, .point(winner: 0, reason: .ace)), at: 2)
        #expect(h.session.tally.counts.pointsWon == [3, 1])
        // The link drops; the server counted on meanwhile (4–7 in the report), and says so on welcome.
        h.on(.closed(code: nil, reason: "the connection was reset"), at: 3)
        let retry = h.frame(3.3)
        #expect(Self.connects(retry).first?.hello.token == "tok", "the seat token brings the player back")
        var server = PointTally()
        server.pointsWon = [4, 7]
        server.aces = [1, 2]
        server.longestRally = 9
        h.welcome(tally: server, at: 3.4)
        #expect(h.session.tally.counts == server)
        h.on(.play(tick: 900, .point(winner: 1, reason: .out)), at: 4)
        #expect(h.session.tally.counts.pointsWon == [4, 8])
        #expect(h.session.tally.remark == "Longest rally: 9 shots")
    }

    @Test func theHostLeavingEndsTheSessionAtOnceWithoutRetrying() {
        var h = Harness()
        h.welcome(at: 0)
        let actions = h.on(.closed(code: WireProtocol.CloseCode.serverShutdown, reason: WireProtocol.CloseReason.hostLeft),
                           at: 5)
        #expect(Self.connects(actions).isEmpty)
        #expect(Self.ending(actions)?.reason == "the host left the match")
        #expect(h.session.closeReason == "the host left the match")
        #expect(h.session.presenter.linkUp == false, "nothing drifts while nobody confirms it")
        #expect(h.frame(60).isEmpty, "and nothing follows")
    }

    @Test func aServerRestartIsRetriedWithBackoffAsTheSeatsOwner() {
        var h = Harness()
        h.welcome(at: 0)
        let lost = h.on(.closed(code: WireProtocol.CloseCode.serverShutdown, reason: WireProtocol.CloseReason.shutdown),
                        at: 1)
        #expect(lost.contains(.notice("connection lost: reconnecting (attempt 1, in 0.25 s)")))
        #expect(h.session.reconnecting == 1)
        #expect(h.frame(1.2).isEmpty, "not before the delay")
        #expect(Self.connects(h.frame(1.25)).map(\.url) == [Self.home])
        // That attempt is refused at once (the server is still down): the next waits twice as long.
        h.on(.closed(code: nil, reason: "nothing is listening"), at: 1.3)
        #expect(h.session.phase == .waiting(attempt: 2, until: 1.8))
        h.frame(1.8)
        h.welcome(at: 1.9)
        #expect(h.session.reconnecting == nil)
        #expect(h.session.presenter.linkUp)
    }

    @Test func aServerClosingWith1000OnItsWayDownIsRetriedButA1000InMatchIsFinal() {
        var h = Harness()
        h.welcome(at: 0)
        h.on(.closed(code: WireProtocol.CloseCode.serverShutdown, reason: WireProtocol.CloseReason.shutdown), at: 1)
        #expect(Self.connects(h.frame(1.25)).count == 1)
        // The stopping server's HTTP layer took the connection and closed it with 1000, no word.
        h.on(.opened, at: 1.3)
        let closed = h.on(.closed(code: 1000, reason: nil), at: 1.3)
        #expect(Self.ending(closed) == nil, "a server on its way down is tried again")
        #expect(h.session.phase == .waiting(attempt: 2, until: 1.8))
        h.frame(1.8)
        h.welcome(at: 1.9)
        // Once in, a plain 1000 is the server ending the session: final, as the protocol says.
        #expect(Self.ending(h.on(.closed(code: 1000, reason: nil), at: 3)) != nil)
    }

    @Test func aFirstLinkClosedWith1000IsReportedNotRetried() {
        var h = Harness()
        h.on(.opened, at: 0)
        #expect(Self.ending(h.on(.closed(code: 1000, reason: nil), at: 0.1)) != nil)
    }

    @Test func theSessionGivesUpAfterTheGracePeriod() {
        var h = Harness(retry: .init(firstDelay: 1, maxDelay: 1, giveUpAfter: 5))
        h.welcome(at: 0)
        h.on(.closed(code: nil, reason: "reset"), at: 10)
        var now = 10.0
        var ended: MatchSession.Ending?
        while ended == nil, now < 30 {
            now += 0.5
            let actions = h.frame(now)
            if !Self.connects(actions).isEmpty { h.on(.closed(code: nil, reason: "refused"), at: now) }
            ended = h.session.ended
        }
        #expect(ended != nil)
        #expect(now >= 15 && now < 17, "ended about giveUpAfter after the loss, at \(now)")
    }

    @Test func aFirstLinkThatNeverGetsInIsReportedNotRetried() {
        var h = Harness()
        let actions = h.on(.closed(code: nil, reason: "nothing is listening at ws://home:7878/ws (connection refused)"),
                           at: 0.01)
        #expect(Self.connects(actions).isEmpty)
        #expect(Self.ending(actions)?.reason
            == "could not connect: nothing is listening at ws://home:7878/ws (connection refused)")
    }

    @Test func aRefusalIsFinalAndCarriesTheServersCode() {
        var h = Harness()
        h.on(.opened, at: 0)
        h.on(.error(code: "not_found", message: "no match with code K7QM2P"), at: 0.1)
        let actions = h.on(.closed(code: WireProtocol.CloseCode.notFound, reason: "not found"), at: 0.1)
        #expect(Self.ending(actions) == .init(reason: "no match with code K7QM2P (not_found)", errorCode: "not_found"))
    }

    @Test func aRedirectIsFollowedWithItsReservationWhichIsUsedOnce() {
        var h = Harness()
        let follow = h.redirected(to: "ws://owner:7879/ws", at: 0.1)
        #expect(Self.connects(follow).map(\.url) == ["ws://owner:7879/ws"])
        #expect(Self.connects(follow).first?.hello.reservation == "R1")
        #expect(h.session.errorCode == nil, "a redirect followed is not a refusal")
        h.welcome(at: 0.2)
        #expect(h.session.hello.reservation == nil)
        // A later reconnect goes to the owner, with the token.
        h.on(.closed(code: nil, reason: "reset"), at: 1)
        let back = Self.connects(h.frame(1.5))
        #expect(back.map(\.url) == ["ws://owner:7879/ws"])
        #expect(back.first?.hello.token == "tok" && back.first?.hello.reservation == nil)
    }

    @Test func aLapsedReservationIsAskedForAgainWithoutIt() {
        var h = Harness()
        h.redirected(to: "ws://owner:7879/ws", at: 0)
        h.on(.opened, at: 0.1)
        h.on(.error(code: "bad_reservation", message: "the reservation expired"), at: 0.1)
        let again = h.on(.closed(code: WireProtocol.CloseCode.forbidden, reason: nil), at: 0.1)
        #expect(Self.connects(again).map(\.url) == ["ws://owner:7879/ws"])
        #expect(Self.connects(again).first?.hello.reservation == nil)
        h.link = 3
        h.welcome(at: 0.2)
        #expect(h.session.errorMessage == nil, "the lapsed reservation is forgotten once seated")
    }

    @Test func aDeadRedirectTargetSendsTheClientBackToTheDirectory() {
        var h = Harness()
        h.redirected(to: "ws://dead:7879/ws", at: 0)
        // The node died after the directory pointed at it: connection refused, never opened.
        let refused = h.on(.closed(code: nil, reason: "nothing is listening at ws://dead:7879/ws"), at: 0.05)
        #expect(Self.ending(refused) == nil)
        #expect(refused.contains(.notice("ws://dead:7879/ws is not answering: asking \(Self.home) again (attempt 1, in 0.25 s)")))
        let retry = Self.connects(h.frame(0.3))
        #expect(retry.map(\.url) == [Self.home])
        #expect(retry.first?.hello.reservation == nil)
    }

    @Test func aFinishedMatchIsNotReconnectedTo() {
        var h = Harness()
        h.welcome(seat: nil, token: nil, at: 0)
        h.snapshot(.finished, at: 1)
        let actions = h.on(.closed(code: nil, reason: "reset"), at: 2)
        #expect(Self.connects(actions).isEmpty)
        #expect(Self.ending(actions) != nil)
    }

    @Test func aLinkGoneSilentIsAbandonedAndRetried() {
        var h = Harness()
        h.welcome(at: 0)
        #expect(h.frame(15).isEmpty)
        let actions = h.frame(15.1)
        #expect(actions.first == .abandon(link: 1))
        #expect(h.session.phase == .waiting(attempt: 1, until: 15.35))
        // Whatever the abandoned link still says is ignored.
        #expect(h.on(.closed(code: 1000, reason: nil), at: 15.2).isEmpty)
        #expect(h.session.phase == .waiting(attempt: 1, until: 15.35))
    }

    @Test func leavingClosesPolitelyAndEndsOnTheAnswerOrAfterATimeout() {
        var h = Harness()
        h.welcome(at: 0)
        #expect(h.session.handle(.leave(now: 1)) == [.close(link: 1)])
        let answered = h.on(.closed(code: 1000, reason: "bye"), at: 1.1)
        #expect(Self.ending(answered)?.left == true)

        var unanswered = Harness()
        unanswered.welcome(at: 0)
        _ = unanswered.session.handle(.leave(now: 1))
        #expect(unanswered.frame(3.9).isEmpty)
        let timedOut = unanswered.frame(4.1)
        #expect(timedOut.first == .abandon(link: 1))
        #expect(Self.ending(timedOut)?.left == true)
    }

    @Test func inputsAreNumberedFromOneAndSentOnlyWhenTheyChangeOrSwing() {
        var h = Harness()
        #expect(h.frame(0.01, PlayerInput(moveX: 1)).isEmpty, "nothing before the welcome")
        h.welcome(at: 0.02)
        h.snapshot(.playing, at: 0.03)
        #expect(h.frame(0.05, PlayerInput(moveX: 1)) == [.send(link: 1, InputFrame(sequence: 1, input: PlayerInput(moveX: 1)))])
        // Until the server acknowledges one, prediction asks for the same input again (at most twice a second).
        #expect(h.frame(0.06, PlayerInput(moveX: 1)) == [.send(link: 1, InputFrame(sequence: 2, input: PlayerInput(moveX: 1)))])
        #expect(h.frame(0.07, PlayerInput(moveX: 1)).isEmpty)
        #expect(h.frame(0.08, PlayerInput(moveX: 1, swing: .lob))
            == [.send(link: 1, InputFrame(sequence: 3, input: PlayerInput(moveX: 1, swing: .lob)))])
        #expect(h.frame(0.09, .idle) == [.send(link: 1, InputFrame(sequence: 4, input: .idle))])
        // A new link numbers from one again.
        h.on(.closed(code: nil, reason: "reset"), at: 1)
        h.frame(1.25)
        h.welcome(at: 1.3)
        #expect(h.frame(1.4, PlayerInput(moveY: -1)) == [.send(link: 2, InputFrame(sequence: 1, input: PlayerInput(moveY: -1)))])
    }

    @Test func aForfeitNamesTheWinnerAndPointsRingTheBell() {
        var h = Harness()
        h.welcome(at: 0)
        h.on(.roster(.init(names: ["Ann", "Bob"], connected: [true, true], spectators: 0)), at: 0)
        h.on(.play(tick: 1, .serve(player: 0)), at: 0.1)
        h.on(.play(tick: 2, .hit(player: 1, shot: .drive, timing: .good)), at: 0.2)
        h.on(.play(tick: 3, .hit(player: 0, shot: .lob, timing: .perfect)), at: 0.3)
        #expect(h.session.rallyHits == 3)
        #expect(h.session.note == "You: PERFECT lob!")
        #expect(h.on(.play(tick: 4, .point(winner: 0, reason: .out)), at: 0.4) == [.bell])
        h.on(.forfeit(tick: 5, winner: 0), at: 0.5)
        #expect(h.session.winner == 0)
        #expect(h.session.callout == "Ann WINS BY FORFEIT")
    }

    @Test func commentaryCallsWinnersErrorsLongRalliesAndBreakPoints() {
        var h = Harness()
        h.welcome(at: 0)
        h.on(.roster(.init(names: ["Ann", "Bob"], connected: [true, true], spectators: 0)), at: 0)
        h.on(.play(tick: 1, .serve(player: 0)), at: 1)
        h.on(.play(tick: 2, .hit(player: 1, shot: .drive, timing: .late)), at: 1.5)
        h.on(.play(tick: 3, .point(winner: 1, reason: .doubleBounce)), at: 2)
        #expect(h.session.callout == "WINNER Bob")
        h.on(.play(tick: 4, .serve(player: 0)), at: 3)
        for shot in 0..<6 {
            h.on(.play(tick: UInt32(5 + shot), .hit(player: (shot + 1) % 2, shot: .drive, timing: .perfect)), at: 4)
        }
        h.on(.play(tick: 20, .point(winner: 1, reason: .out)), at: 5)
        #expect(h.session.callout == "OUT — UNFORCED ERROR · 7-SHOT RALLY")
        // The next serve is set up at 0–40 against the server: said once.
        var score = Score(format: .bestOfThree, points: PerPlayer(0, 3), server: 0)
        score.server = 0
        var view = MatchState(config: MatchConfig(seed: 1)).view
        view.score = score
        view.phase = .serving
        h.on(.snapshot(Snapshot(serverTimeMicros: 0, lastInputSeq: PerPlayer(0, 0), status: .playing, view: view)),
             at: 6)
        #expect(h.session.callout == "BREAK POINT")
        #expect(h.session.calloutUntil == 8)
    }

    @Test func theRosterSaysWhichPlayersAreAnonymous() {
        var h = Harness()
        h.welcome(at: 0)
        #expect(h.session.anonymous == [false, false])
        h.on(.roster(.init(names: ["Ann", "Bot L3"], connected: [true, true], spectators: 0, anonymous: [false, true])),
             at: 0)
        #expect(h.session.anonymous == [false, true])
        // An older server says nothing: the last word stands.
        h.on(.roster(.init(names: ["Ann", "Bot L3"], connected: [true, true], spectators: 1)), at: 1)
        #expect(h.session.anonymous == [false, true])
    }

    @Test func theSeatTokenIsKeptWhenAsked() {
        var h = Harness(rememberSeat: true)
        h.on(.opened, at: 0)
        let actions = h.on(.welcome(.init(code: "K7QM2P", seat: 1, token: "secret", format: "short", surface: "hard",
                                          tickRate: 60)), at: 0)
        #expect(actions.contains(.saveSeat(token: "secret", code: "K7QM2P")))
    }

    @Test func chatIsSanitisedAndDroppedWhileTheLinkIsDown() {
        var h = Harness(hello: .init(role: .spectator, code: "K7QM2P", name: "Sam"))
        #expect(h.session.handle(.chat("hi", now: 0)).isEmpty)
        h.welcome(seat: nil, token: nil, at: 0)
        #expect(h.session.handle(.chat("\u{1b}[31mhi\u{7}", now: 1)) == [.chat(link: 1, "hi")])
        // A second line within the second waits for it instead of being refused by the server.
        #expect(h.session.handle(.chat("again", now: 1.5)).isEmpty)
        #expect(h.frame(2.0).isEmpty)
        #expect(h.frame(2.1) == [.chat(link: 1, "again")])
    }
}

extension MatchSessionTests {
    @Test func aClusterNodeWithoutItsDirectoryIsAskedAgain() {
        var h = Harness()
        h.on(.opened, at: 0)
        h.on(.error(code: "directory_unavailable", message: "try again shortly"), at: 0)
        let actions = h.on(.closed(code: WireProtocol.CloseCode.serverShutdown,
                                   reason: WireProtocol.CloseReason.directoryUnavailable), at: 0)
        #expect(Self.ending(actions) == nil, "not final, even on a first link")
        #expect(Self.connects(h.frame(0.3)).map(\.url) == [Self.home])
    }
}

/// What a player reads when a relay node could not reach the match's server again: not that
/// the server (the relay, which is up) is shutting down.
@Test func aRelayThatLostTheMatchsServerSaysSoNotThatItIsShuttingDown() {
    let unreachable = MatchSession.describeClose(code: WireProtocol.CloseCode.serverShutdown,
                                                 reason: WireProtocol.CloseReason.matchUnreachable, welcomed: true)
    #expect(unreachable == "the match's server cannot be reached")
    #expect(WireProtocol.CloseReason.isFinal(code: WireProtocol.CloseCode.serverShutdown,
                                             reason: WireProtocol.CloseReason.matchUnreachable))
    #expect(MatchSession.describeClose(code: WireProtocol.CloseCode.serverShutdown,
                                       reason: WireProtocol.CloseReason.shutdown, welcomed: true)
            == "the server is shutting down")
}
