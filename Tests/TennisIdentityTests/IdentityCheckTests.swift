import TennisIdentity
import TennisProtocol
import Testing

@Suite struct IdentityCheckTests {
    let nonce = String(repeating: "ab", count: 32)
    let gateway = GatewayVoucher()

    /// A relay proves it is a node of the cluster with an HMAC of the match code under the
    /// cluster's secret: it verifies under that secret and that code only.
    @Test func aRelayProofVerifiesUnderTheSameSecretForTheSameMatchOnly() throws {
        let secret = (0..<32).map { UInt8($0) }
        let node = try #require(GatewayVoucher(secret: secret)), peer = try #require(GatewayVoucher(secret: secret))
        let proof = node.relayProof(code: "K7QM2P")
        #expect(proof.count == 64 && proof.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(peer.verifiesRelay(proof, code: "K7QM2P"))
        #expect(peer.verifiesRelay(proof, code: "k7qm2p"), "codes are matched in either case, as joins are")
        #expect(!peer.verifiesRelay(proof, code: "K7QM2Q"))
        #expect(!gateway.verifiesRelay(proof, code: "K7QM2P"), "another secret")
        var flipped = Array(proof)
        flipped[0] = flipped[0] == "0" ? "1" : "0"
        #expect(!peer.verifiesRelay(String(flipped), code: "K7QM2P"))
        #expect(!peer.verifiesRelay("", code: "K7QM2P"))
        #expect(!peer.verifiesRelay(String(repeating: "zz", count: 32), code: "K7QM2P"))
    }

    @Test func aSignatureOverTheNonceCodeAndNameProvesTheKey() {
        let key = PlayerKey()
        let identity = key.identity(nonce: nonce, code: "K7QM2P", name: "Ann")
        #expect(IdentityCheck.verify(identity, nonce: nonce, code: "K7QM2P", name: "Ann", gateway: gateway)
                == .success(key.fingerprint))
    }

    @Test func aSignatureOverAnythingElseIsRefused() {
        let key = PlayerKey()
        let identity = key.identity(nonce: nonce, code: "K7QM2P", name: "Ann")
        let otherNonce = String(repeating: "cd", count: 32)
        for (nonce, code, name) in [(otherNonce, "K7QM2P", "Ann"), (nonce, "K7QM2Q", "Ann"), (nonce, "K7QM2P", "Anne"),
                                    (nonce, "k7qm2p", "Ann")] {
            guard case .failure = IdentityCheck.verify(identity, nonce: nonce, code: code, name: name, gateway: gateway)
            else {
                Issue.record("accepted for \(nonce) \(code) \(name)")
                continue
            }
        }
        // Without a challenge there is nothing to check against.
        guard case .failure(let refusal) = IdentityCheck.verify(identity, nonce: nil, code: "K7QM2P", name: "Ann",
                                                                gateway: gateway)
        else { Issue.record("accepted without a nonce"); return }
        #expect(refusal.description.contains("challenge"))
        // Another key's signature, or a flipped bit, does not pass for this key.
        guard case .ed25519(let publicKey, var signature) = identity else { Issue.record("not ed25519"); return }
        let stranger = PlayerKey().identity(nonce: nonce, code: "K7QM2P", name: "Ann")
        guard case .ed25519(_, let otherSignature) = stranger else { return }
        #expect(IdentityCheck.verify(.ed25519(publicKey: publicKey, signature: otherSignature), nonce: nonce,
                                     code: "K7QM2P", name: "Ann", gateway: gateway).isFailure)
        signature[10] ^= 1
        #expect(IdentityCheck.verify(.ed25519(publicKey: publicKey, signature: signature), nonce: nonce,
                                     code: "K7QM2P", name: "Ann", gateway: gateway).isFailure)
    }

    @Test func theSignedBytesAreTheDocumentedLines() {
        let bytes = IdentityChallenge.signedBytes(nonce: "00ff", code: "K7QM2P", name: "Ann")
        #expect(String(decoding: bytes, as: UTF8.self) == "terminal-tennis hello v1\nnonce 00ff\ncode K7QM2P\nname Ann")
    }

    @Test func onlyTheVouchersSecretVouches() {
        let ssh = "SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w"
        let vouched = gateway.identity(fingerprint: ssh, nonce: nonce, code: "K7QM2P", name: "Sam")
        #expect(IdentityCheck.verify(vouched, nonce: nonce, code: "K7QM2P", name: "Sam", gateway: gateway) == .success(ssh))
        // For another fingerprint, name or nonce, or from another voucher: refused.
        guard case .gateway(_, let mac) = vouched else { Issue.record("not a gateway proof"); return }
        let other = "SHA256:" + String(repeating: "A", count: 43)
        #expect(IdentityCheck.verify(.gateway(fingerprint: other, mac: mac), nonce: nonce, code: "K7QM2P", name: "Sam",
                                     gateway: gateway).isFailure)
        #expect(IdentityCheck.verify(vouched, nonce: nonce, code: "K7QM2P", name: "Sal", gateway: gateway).isFailure)
        #expect(IdentityCheck.verify(vouched, nonce: String(repeating: "0", count: 64), code: "K7QM2P", name: "Sam",
                                     gateway: gateway).isFailure)
        #expect(IdentityCheck.verify(vouched, nonce: nonce, code: "K7QM2P", name: "Sam", gateway: GatewayVoucher()).isFailure)
        // Nodes given one secret vouch for each other.
        let secret = (0..<32).map { UInt8($0) }
        let a = GatewayVoucher(secret: secret), b = GatewayVoucher(secret: secret)
        #expect(GatewayVoucher(secret: Array(secret.prefix(16))) == nil, "a short secret is refused")
        if let a, let b {
            let proof = a.identity(fingerprint: ssh, nonce: nonce, code: "K7QM2P", name: "Sam")
            #expect(IdentityCheck.verify(proof, nonce: nonce, code: "K7QM2P", name: "Sam", gateway: b) == .success(ssh))
        }
    }

    @Test func aHelloWithAnIdentityRoundTripsThroughJSON() throws {
        let key = PlayerKey()
        let hello = ClientMessage.Hello(role: .player, code: "K7QM2P", name: "Ann",
                                        identity: key.identity(nonce: nonce, code: "K7QM2P", name: "Ann"))
        #expect(try ClientMessage.decode(ClientMessage.hello(hello).encode()) == .hello(hello))
        let vouched = ClientMessage.Hello(role: .player, code: "K7QM2P", name: "Sam", identity: gateway.identity(
            fingerprint: "SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w", nonce: nonce, code: "K7QM2P", name: "Sam"))
        #expect(try ClientMessage.decode(ClientMessage.hello(vouched).encode()) == .hello(vouched))
        #expect(try ClientMessage.decode(#"{"type":"challenge"}"#) == .challenge)
        #expect(IdentityChallenge.nonce(in: IdentityChallenge.message(nonce: nonce)) == nonce)
        #expect(IdentityChallenge.nonce(in: #"{"type":"challenge","nonce":"zz"}"#) == nil)
        #expect(IdentityChallenge.nonce(in: #"{"type":"welcome"}"#) == nil)
        #expect(IdentityChallenge.nonce().count == 64)
        #expect(IdentityChallenge.nonce() != IdentityChallenge.nonce())
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
