import Testing

/// What the real binary says to a mistyped command.
@Suite struct CommandLineTests {
    @Test func aMistypedCommandGetsASuggestionAndAUsageExit() async throws {
        let typo = try Watched(["jion", "K7QM2P"])
        let (status, errors) = await typo.finish(timeout: 30)
        #expect(status == 64)
        #expect(errors.contains("unknown command 'jion'. Did you mean 'join'?"), "\(errors)")
        let nonsense = try Watched(["xyzzy"])
        let (otherStatus, otherErrors) = await nonsense.finish(timeout: 30)
        #expect(otherStatus == 64)
        #expect(otherErrors.contains("unknown command 'xyzzy'.") && !otherErrors.contains("Did you mean"), "\(otherErrors)")
    }
}
