import Testing

@testable import TennisServer

@Suite struct EventLoopsTests {
    @Test func theAllowedCPUsAreCountedFromTheStatusMask() {
        #expect(EventLoops.cpus(inStatus: "Name:\ttennis\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") == 2)
        #expect(EventLoops.cpus(inStatus: "Cpus_allowed:\t1\n") == 1)
        #expect(EventLoops.cpus(inStatus: "Cpus_allowed:\tff,ffffffff\n") == 40)
        #expect(EventLoops.cpus(inStatus: "Cpus_allowed:\t0\n") == nil)
        #expect(EventLoops.cpus(inStatus: "Cpus_allowed:\tzz\n") == nil)
        #expect(EventLoops.cpus(inStatus: "Name:\ttennis\n") == nil)
    }
}
