import Testing
@testable import TennisSSH

@Suite struct SSHAdmissionTests {
    @Test func perAddressAndTotalLimitsRefuseWithTheirMessage() {
        let admission = SSHAdmission(maxTotal: 3, maxPerAddress: 2)
        #expect(admission.admit("10.0.0.1") == nil)
        #expect(admission.admit("10.0.0.1") == nil)
        #expect(admission.admit("10.0.0.1") == .tooManyFromAddress)
        #expect(admission.admit("10.0.0.2") == nil)
        #expect(admission.admit("10.0.0.3") == .serverFull)
        #expect(SSHAdmission.Refusal.tooManyFromAddress.message.contains("too many ssh sessions from your address"))
        admission.release("10.0.0.1")
        #expect(admission.admit("10.0.0.3") == nil)
        for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] { admission.release(address) }
        #expect(admission.counts == (0, 0))
    }
}
