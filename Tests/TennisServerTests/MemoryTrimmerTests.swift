import Testing

@testable import TennisServer

@Suite struct MemoryTrimmerTests {
    @Test func glibcsTrimIsFoundAndCallable() {
        #if canImport(Glibc)
        #expect(MemoryTrimmer.isAvailable)
        #endif
        _ = MemoryTrimmer.trim()
    }
}
