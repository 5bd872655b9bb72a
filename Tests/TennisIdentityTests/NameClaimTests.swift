import TennisRecords
import Testing

@Suite struct NameClaimTests {
    @Test func theFirstKeyClaimsANameAndOnlyItMayUseItAfter() {
        #expect(NameClaim.decide(holder: nil, fingerprint: "A") == (.owned(newly: true), true))
        #expect(NameClaim.decide(holder: "A", fingerprint: "A") == (.owned(newly: false), false))
        #expect(NameClaim.decide(holder: "A", fingerprint: "B") == (.taken, false))
        #expect(NameClaim.decide(holder: nil, fingerprint: nil) == (.anonymous, false))
        #expect(NameClaim.decide(holder: "A", fingerprint: nil) == (.taken, false))
    }

    @Test func claimsInMemoryIgnoreCase() async throws {
        let claims = MemoryNameClaims()
        #expect(try await claims.claim(name: "Ann", fingerprint: nil) == .anonymous, "an anonymous player claims nothing")
        #expect(try await claims.claim(name: "Ann", fingerprint: "A") == .owned(newly: true))
        #expect(try await claims.claim(name: "ANN", fingerprint: "A") == .owned(newly: false))
        #expect(try await claims.claim(name: "ann", fingerprint: "B") == .taken)
        #expect(try await claims.claim(name: "ann", fingerprint: nil) == .taken)
        #expect(try await claims.claim(name: "Bob", fingerprint: "B") == .owned(newly: true))
    }
}
