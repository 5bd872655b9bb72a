import TestSupport
import Foundation
import TennisClient
import TennisProtocol
import Testing

@testable import TennisDirectory
@testable import TennisServer

extension WithPostgres {
    /// Players sent to the owning node with a seat held for them (`tennis_reservations`).
    @Suite
    struct SeatReservationTests {
        static func player(_ code: String, _ name: String, reservation: String? = nil) -> ClientMessage.Hello {
            .init(role: .player, code: code, name: name, reservation: reservation)
        }

        @Test func aPlayerJoiningThroughTheWrongNodeIsSeatedOnTheOwnerWithItsReservation() async throws {
            let owner = try await Node.start(), other = try await Node.start()
            let code = try owner.server.lobby.createMatch(seed: 11)
            let secret = try owner.server.lobby.createPrivateMatch(seed: 12)
            #expect(await eventually(seconds: 30) { await other.knowsElsewhere(code) })
            #expect(await eventually(seconds: 30) { await other.knowsElsewhere(secret.code) })

            // The wrong node answers `moved` with the owner's URL and a reservation.
            let sent = await answer(other.ws, Self.player(code, "Ann"))
            #expect(sent.close == WireProtocol.CloseCode.moved)
            let redirect = try #require(sent.moved)
            #expect(redirect.url == owner.ws)
            let token = try #require(redirect.reservation)
            #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))

            // The owner seats whoever presents it, once.
            let seated = await answer(redirect.url, Self.player(code, "Ann", reservation: token))
            #expect(seated.welcome?.seat == 0, "\(seated.error ?? "-"): \(seated.message ?? "")")
            seated.client?.close()
            let again = await answer(owner.ws, Self.player(code, "Ann2", reservation: token))
            #expect(again.error == "bad_reservation", "a reservation is single use")

            // MatchSessionStream does all of it by itself.
            let bob = Joiner(url: other.ws, hello: Self.player(code, "Bob"))
            #expect(await bob.until { $0.welcome?.seat == 1 }, "\(bob.refusals)")
            #expect(bob.refusals.isEmpty)
            #expect(owner.server.lobby.match(code: code)?.summary.players == ["Ann", "Bob"])
            await bob.close()

            // A private match's seats are held by nobody but its owner: sent on without a reservation.
            let toPrivate = await answer(other.ws, ClientMessage.Hello(role: .player, code: secret.code, name: "Cy",
                                                                       invite: secret.invite))
            #expect(toPrivate.moved == ServerMessage.Redirect(url: owner.ws, reservation: nil))

            await other.stop()
            await owner.stop()
        }

        @Test func aReservationHoldsTheLastSeatAgainstADirectJoiner() async throws {
            let owner = try await Node.start(), other = try await Node.start()
            let code = try owner.server.lobby.createMatch(seed: 21)
            #expect(await eventually(seconds: 30) { await other.knowsElsewhere(code) })
            let first = await answer(owner.ws, Self.player(code, "Dee"))
            #expect(first.welcome?.seat == 0)
            first.client?.close()

            let sent = await answer(other.ws, Self.player(code, "Eve"))
            let token = try #require(sent.moved?.reservation)

            // The last seat is held: a player joining the owner directly is refused, and so is one
            // the wrong node would send on (the directory knows the match is full).
            let direct = await answer(owner.ws, Self.player(code, "Fay"))
            #expect(direct.error == "match_full")
            #expect(direct.close == WireProtocol.CloseCode.matchFull)
            let another = await answer(other.ws, Self.player(code, "Gus"))
            #expect(another.error == "match_full")
            #expect(another.moved == nil)
            // A spectator is not held up by it.
            let watcher = await answer(other.ws, ClientMessage.Hello(role: .spectator, code: code, name: "Hal"))
            #expect(watcher.moved == ServerMessage.Redirect(url: owner.ws, reservation: nil))

            let seated = await answer(owner.ws, Self.player(code, "Eve", reservation: token))
            #expect(seated.welcome?.seat == 1, "\(seated.error ?? "-"): \(seated.message ?? "")")
            seated.client?.close()
            #expect(owner.server.lobby.match(code: code)?.summary.players == ["Dee", "Eve"])

            await other.stop()
            await owner.stop()
        }

        /// Holding the last seat by reserving through a wrong node again and again: an address gets
        /// one live hold per match, and none once it has left its budget unused this minute.
        @Test func anAddressCannotKeepASeatHeldByReservingAgainAndAgain() async throws {
            let owner = try await Node.start()
            let other = try await Node.start(unusedReservations: 2)
            // Reservations made through this node lapse at once, as if their clients never came.
            let hasty = try await Node.start(reservationSeconds: 0, unusedReservations: 2)
            let code = try owner.server.lobby.createMatch(seed: 41)
            #expect(await eventually(seconds: 30) { await other.knowsElsewhere(code) })
            #expect(await eventually(seconds: 30) { await hasty.knowsElsewhere(code) })

            // One live hold per address and match: asking again is sent on without a second one.
            let held = await answer(other.ws, Self.player(code, "Max"))
            let token = try #require(held.moved?.reservation)
            let again = await answer(other.ws, Self.player(code, "Max"))
            #expect(again.moved == ServerMessage.Redirect(url: owner.ws, reservation: nil))
            let seated = await answer(owner.ws, Self.player(code, "Max", reservation: token))
            #expect(seated.welcome?.seat == 0, "\(seated.error ?? "-"): \(seated.message ?? "")")
            seated.client?.close()
            // Redeemed, it counts against nothing.
            let code2 = try owner.server.lobby.createMatch(seed: 42)
            #expect(await eventually(seconds: 30) { await hasty.knowsElsewhere(code2) })
            #expect(await answer(other.ws, Self.player(code2, "Ned")).moved?.reservation != nil)

            // Reservations left to lapse use up the budget (the one made for Ned, still live, is
            // one): a second comes, a third does not, and the seat stays free for a direct joiner.
            let code3 = try owner.server.lobby.createMatch(seed: 43)
            #expect(await eventually(seconds: 30) { await hasty.knowsElsewhere(code3) })
            let lapsing = await answer(hasty.ws, Self.player(code3, "Oz"))
            #expect(lapsing.moved?.reservation != nil)
            let refused = await answer(hasty.ws, Self.player(code3, "Oz"))
            #expect(refused.moved == ServerMessage.Redirect(url: owner.ws, reservation: nil))
            let alsoRefused = await answer(other.ws, Self.player(code3, "Oz"))
            #expect(alsoRefused.moved == ServerMessage.Redirect(url: owner.ws, reservation: nil),
                    "the budget is the cluster's, not one node's")
            let direct = await answer(owner.ws, Self.player(code3, "Pia"))
            #expect(direct.welcome?.seat == 0)
            direct.client?.close()

            // Its match's reservations go with the owner's rows (and so do not weigh on other tests).
            await hasty.stop()
            await other.stop()
            await owner.stop()
        }

        @Test func aForgedOrExpiredReservationIsRefusedAndTheClientJoinsWithoutIt() async throws {
            let owner = try await Node.start()
            // This node's reservations lapse at once.
            let hasty = try await Node.start(reservationSeconds: 0)
            let code = try owner.server.lobby.createMatch(seed: 31)
            #expect(await eventually(seconds: 30) { await hasty.knowsElsewhere(code) })

            let forged = await answer(owner.ws, Self.player(code, "Ivy", reservation: String(repeating: "ab", count: 16)))
            #expect(forged.error == "bad_reservation")
            #expect(forged.close == WireProtocol.CloseCode.forbidden)
            #expect(forged.welcome == nil)

            let sent = await answer(hasty.ws, Self.player(code, "Jo"))
            let token = try #require(sent.moved?.reservation)
            let late = await answer(owner.ws, Self.player(code, "Jo", reservation: token))
            #expect(late.error == "bad_reservation")
            #expect(late.message?.contains("expired") == true, "\(late.message ?? "")")
            // A lapsed reservation holds nothing: both seats are still free.
            #expect(owner.server.lobby.match(code: code)?.summary.players == [])

            // MatchSessionStream asks again without it, and gets a free seat.
            let kim = Joiner(url: hasty.ws, hello: Self.player(code, "Kim"))
            #expect(await kim.until { $0.welcome?.seat == 0 }, "\(kim.refusals)")
            await kim.close()

            await hasty.stop()
            await owner.stop()
        }
    }
}
