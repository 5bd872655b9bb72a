import Testing
@testable import TennisCore

@Suite struct SplitMix64Tests {
    @Test func knownSequence() {
        // Reference values of SplitMix64 from seed 0.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameSequence() {
        var a = SplitMix64(seed: 1234), b = SplitMix64(seed: 1234), c = SplitMix64(seed: 1235)
        let xs = (0..<10).map { _ in a.next() }
        #expect(xs == (0..<10).map { _ in b.next() })
        #expect(xs != (0..<10).map { _ in c.next() })
    }

    @Test func unitAndRange() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            let u = rng.nextUnit()
            #expect(u >= 0 && u < 1)
            let r = rng.next(in: -2...3)
            #expect(r >= -2 && r <= 3)
        }
    }

    @Test func gaussianIsCentred() {
        var rng = SplitMix64(seed: 99)
        var sum = 0.0, sumSq = 0.0
        let n = 4_000
        for _ in 0..<n {
            let g = Shot.gaussian(&rng)
            sum += g
            sumSq += g * g
        }
        let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean) < 0.06 && abs(variance - 1) < 0.1)
    }
}
