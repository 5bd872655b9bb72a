import TestSupport
import Foundation
import Synchronization
import TennisClient
import TennisIdentity
import TennisProtocol
import TennisRecords
import Testing

@testable import TennisDirectory
@testable import TennisServer

extension WithPostgres {
    /// Name claims held by the cluster's PostgreSQL: a name claimed on one node is refused to
    /// another key on every node, and a keyed player sent on by `moved` signs the owner's challenge.
    @Suite
    struct ClusterIdentityTests {
        /// Plays `name` with `signer` through `node`'s URL into `code`: the welcome, or the refusal's code.
        private func join(_ url: String, code: String, name: String, signer: (any HelloSigner)?) async
            -> (welcome: ServerMessage.Welcome?, refusal: String?)
        {
            let welcome = Mutex<ServerMessage.Welcome?>(nil)
            let runner = await MainActor.run { () -> MatchSessionRunner in
                let runner = MatchSessionRunner(
                    .init(url: url, hello: .init(role: .player, code: code, name: name), retry: .never),
                    pingInterval: 0, signer: signer, logger: quiet)
                runner.onEvent = { event in
                    if case .welcome(let given) = event { welcome.withLock { $0 = given } }
                }
                runner.start()
                return runner
            }
            let ended = Task { await runner.ended() }
            _ = await eventually(seconds: 30) { await runner.session.ended != nil || welcome.withLock { $0 != nil } }
            await runner.leave()
            let ending = await ended.value
            return (welcome.withLock { $0 }, ending.errorCode)
        }

        @Test func aNameClaimedOnOneNodeIsRefusedToAnotherKeyOnEveryNode() async throws {
            let a = try await Node.start(history: true), b = try await Node.start(history: true)
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let name = "Ann\(tag)"
            let owner = PlayerKey(), other = PlayerKey()
            let onA = try a.server.lobby.createMatch(seed: 51)
            let onB = try b.server.lobby.createMatch(seed: 52)
            #expect(await eventually(seconds: 30) { await b.knowsElsewhere(onA) })

            // Through B for A's match: B sends the player on, and A checks the key it signs there.
            let first = await join(b.ws, code: onA, name: name, signer: owner)
            #expect(first.welcome?.code == onA, "\(String(describing: first.refusal))")
            #expect(try await a.directory.history.claim(name: name.uppercased(), fingerprint: owner.fingerprint)
                    == .owned(newly: false))

            // On B, in B's own match: another key, and an anonymous player, are refused the name.
            #expect(await join(b.ws, code: onB, name: name.lowercased(), signer: other).refusal == "name_claimed")
            #expect(await join(b.ws, code: onB, name: name, signer: nil).refusal == "name_claimed")
            // The owner plays under it on B too.
            #expect(await join(b.ws, code: onB, name: name, signer: owner).welcome?.code == onB)
            await a.stop()
            await b.stop()
        }

        @Test func aGatewayPlayerSentOnToAnotherNodeIsTakenThereUnderTheClustersSecret() async throws {
            let probe = try await Node.start()
            let secret = try await probe.directory.sharedSecret(named: "gateway")
            let again = try await probe.directory.sharedSecret(named: "gateway")
            #expect(again == secret, "one secret for every node")
            #expect(secret.count == 32)
            await probe.stop()
            let a = try await Node.start(history: true, gatewaySecret: secret)
            let b = try await Node.start(history: true, gatewaySecret: secret)
            let loner = try await Node.start(gatewaySecret: [UInt8](repeating: 7, count: 32))
            let onB = try b.server.lobby.createMatch(seed: 53)
            let onLoner = try loner.server.lobby.createMatch(seed: 54)
            #expect(await eventually(seconds: 30) {
                let both = await a.knowsElsewhere(onB)
                let loners = await a.knowsElsewhere(onLoner)
                return both && loners
            })
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let fingerprint = "SHA256:" + String((tag + String(repeating: "s", count: 43)).prefix(43))
            let signer = a.server.gatewaySigner(fingerprint: fingerprint)

            // A's gateway vouches; A sends the player to B, which knows the cluster's secret.
            #expect(await join(a.ws, code: onB, name: "Sam\(tag)", signer: signer).welcome?.code == onB)
            #expect(try await b.directory.history.claim(name: "sam\(tag)", fingerprint: fingerprint) == .owned(newly: false))
            // A node with a secret of its own cannot tell A's vouching from a forgery.
            #expect(await join(a.ws, code: onLoner, name: "Sam\(tag)", signer: signer).refusal == "bad_signature")
            await a.stop()
            await b.stop()
            await loner.stop()
        }
    }
}
