import TestSupport
import Foundation
import TennisClient
import TennisIdentity
import TennisProtocol
import TennisStore
import Testing
import TennisRecords

@testable import TennisDirectory
@testable import TennisServer

extension WithPostgres {
    /// Finished matches kept in the cluster's PostgreSQL history, answered by every node.
    @Suite
    struct ClusterHistoryTests {
        @Test func aMatchFinishedOnOneNodeIsInEveryNodesHistoryWithItsStats() async throws {
            let a = try await Node.start(grace: 1, history: true), b = try await Node.start(history: true)
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let ann = "Ann\(tag)", bob = "Bob\(tag)"
            let code = try a.server.lobby.createMatch(seed: 41)
            let host = try #require(a.server.lobby.match(code: code))
            let opening = host.summary.score

            // Two bots play on A until a point is won, then Bob leaves and forfeits.
            // Both have keys: a match with an anonymous player would move no rating.
            let annClient = await MatchSessionRunner.forTest(url: a.ws, hello: .init(role: .player, code: code, name: ann), retry: .never,
            pingInterval: 0, signer: PlayerKey(), logger: quiet)
            let bobClient = await MatchSessionRunner.forTest(url: a.ws, hello: .init(role: .player, code: code, name: bob), retry: .never,
            pingInterval: 0, signer: PlayerKey(), logger: quiet)
            let annPlays = Task { await BotPlayer.play(annClient, level: 4, seed: 1) }
            let bobPlays = Task { await BotPlayer.play(bobClient, level: 2, seed: 2) }
            #expect(await eventually(seconds: 90) { host.summary.score != opening }, "a point is played")
            await bobClient.leave()
            _ = await bobPlays.value
            let annOutcome = await annPlays.value
            #expect(annOutcome.winner == annOutcome.seat, "Ann wins by forfeit")

            // B answers from the shared history: the match, its stats and both players' records.
            #expect(await eventually(seconds: 60) { await b.get("/api/matches/\(code)").0 == 200 })
            let (_, body) = await b.get("/api/matches/\(code)")
            let match = try HistoryJSON.decoder().decode(HistoryMatch.self, from: body)
            #expect(match.code == code)
            #expect(Set(match.players) == [ann, bob])
            #expect(match.winner == ann)
            #expect(match.ending == "forfeit")
            #expect(match.points >= 1)
            #expect(match.stats.count == 2)
            #expect(match.stats.map(\.pointsWon).reduce(0, +) == match.points)
            let annLine = try #require(match.stats.first { $0.name == ann })
            #expect(annLine.ratingBefore == 1500)
            #expect((annLine.ratingAfter ?? 0) > 1500)
            // The same record by its cluster-wide id, on either node.
            let (byID, again) = await a.get("/api/matches/\(match.id)")
            #expect(byID == 200)
            #expect(try HistoryJSON.decoder().decode(HistoryMatch.self, from: again) == match)

            let (profileStatus, profileBody) = await b.get("/api/players/\(ann.lowercased())")
            #expect(profileStatus == 200)
            let profile = try HistoryJSON.decoder().decode(PlayerProfile.self, from: profileBody)
            #expect(profile.name == ann)
            #expect(profile.matches == 1 && profile.wins == 1 && profile.losses == 0)
            #expect(profile.rating == annLine.ratingAfter)
            #expect(profile.pointsPlayed == match.points)
            #expect(profile.pointsWon == annLine.pointsWon)
            #expect(profile.recent.map(\.id) == [match.id])
            let (bobStatus, bobBody) = await b.get("/api/players/\(bob)")
            #expect(bobStatus == 200)
            #expect(try HistoryJSON.decoder().decode(PlayerProfile.self, from: bobBody).losses == 1)

            let (replayStatus, replay) = await b.get("/api/matches/\(match.id)/replay")
            #expect(replayStatus == 200)
            #expect(Array(replay.prefix(8)) == Array("TENNISRP".utf8))
            #expect(await b.get("/api/players/nobody\(tag)").0 == 404)

            await a.stop()
            await b.stop()
        }

        /// A node stopped gracefully (SIGTERM) records its match in progress in the cluster history,
        /// as abandoned with a replay that replays, before it is gone.
        @Test func aMatchInProgressOnAStoppingNodeIsInTheClusterHistoryAsAbandoned() async throws {
            let a = try await Node.start(history: true), b = try await Node.start(history: true)
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let code = try a.server.lobby.createMatch(format: .tiebreak, seed: 43)
            let host = try #require(a.server.lobby.match(code: code))
            let opening = host.summary.score
            var clients: [MatchSessionRunner] = []
            for name in ["Cy\(tag)", "Di\(tag)"] {
                clients.append(await MatchSessionRunner.forTest(
                    url: a.ws, hello: .init(role: .player, code: code, name: name), retry: .never, pingInterval: 0,
                    logger: quiet))
            }
            // A strong bot against a weak one: the first point comes in seconds, not a long rally.
            let bots = clients.enumerated().map { index, client in
                Task { await BotPlayer.play(client, level: index == 0 ? 4 : 2, seed: UInt64(index + 1)) }
            }
            #expect(await eventually(seconds: 90) { host.summary.score != opening }, "a point is played")
            await a.stop()

            // Already there when the stop returns: no waiting.
            let (status, body) = await b.get("/api/matches/\(code)")
            #expect(status == 200)
            let match = try HistoryJSON.decoder().decode(HistoryMatch.self, from: body)
            #expect(match.ending == "abandoned")
            #expect(match.winner == nil)
            #expect(match.points >= 1)
            #expect(match.stats.allSatisfy { $0.ratingAfter == nil }, "an abandoned match moves no rating")
            let (replayStatus, replay) = await b.get("/api/matches/\(match.id)/replay")
            #expect(replayStatus == 200)
            let file = try ReplayFile(decoding: replay)
            #expect(file.ending == .abandoned)
            #expect(try file.replay.verify().score.compactText == match.score)
            for bot in bots { _ = await bot.value }
            await b.stop()
        }

        /// A private match in the cluster history: any node shows it only with its invite, and it is
        /// in no player's record.
        @Test func aPrivateMatchInTheClusterHistoryNeedsItsInvite() async throws {
            let a = try await Node.start(history: true), b = try await Node.start(history: true)
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let (code, invite) = try a.server.lobby.createPrivateMatch(format: .tiebreak, seed: 44)
            let host = try #require(a.server.lobby.match(code: code))
            var clients: [MatchSessionRunner] = []
            for name in ["Ed\(tag)", "Flo\(tag)"] {
                clients.append(await MatchSessionRunner.forTest(
                    url: a.ws, hello: .init(role: .player, code: code, name: name, invite: invite), retry: .never, pingInterval: 0,
                    logger: quiet))
            }
            let bots = clients.enumerated().map { index, client in
                Task { await BotPlayer.play(client, level: 2, seed: UInt64(index + 1)) }
            }
            // In play (no point is needed to be kept, as abandoned).
            #expect(await eventually(seconds: 30) { host.summary.state == "playing" }, "the match is in play")
            await a.stop()

            let (hidden, hiddenBody) = await b.get("/api/matches/\(code)")
            #expect(hidden == 404)
            #expect(String(decoding: hiddenBody, as: UTF8.self) == #"{"error":"no finished match '\#(code)'"}"#)
            #expect(await b.get("/api/matches/\(code)?invite=WRONG").0 == 404)
            let (status, body) = await b.get("/api/matches/\(code)?invite=\(invite)")
            #expect(status == 200)
            let match = try HistoryJSON.decoder().decode(HistoryMatch.self, from: body)
            #expect(match.ending == "abandoned")
            #expect(await b.get("/api/matches/\(match.id)").0 == 404)
            #expect(await b.get("/api/matches/\(match.id)/replay").0 == 404)
            let (replayStatus, replay) = await b.get("/api/matches/\(match.id)/replay?invite=\(invite)")
            #expect(replayStatus == 200)
            #expect(try ReplayFile(decoding: replay).replay.verify().score.compactText == match.score)
            #expect(await b.get("/api/players/ed\(tag)").0 == 404, "a private match is in no player's record")
            for bot in bots { _ = await bot.value }
            await b.stop()
        }
    }
}
