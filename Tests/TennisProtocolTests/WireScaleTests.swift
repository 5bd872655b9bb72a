import Testing

@testable import TennisProtocol

/// The one quantisation table: rounding, clamping and non-finite values, the same in both codecs.
@Suite struct WireScaleTests {
    @Test func valuesRoundToTheNearestUnitAndClamp() {
        #expect(WireScale.centimetres.units(1.234, in: -100...1000) == 123)
        #expect(WireScale.centimetres.units(-1.235, in: -1000...1000) == -124)
        #expect(WireScale.twoCentimetres.units(0.03, in: -10...10) == 2)
        #expect(WireScale.centimetres.units(500, in: -32768...32767) == 32767)
        #expect(WireScale.centimetres.units(.nan, in: -5...5) == 0)
        #expect(WireScale.centimetres.units(-.infinity, in: -5...5) == 0)
        #expect(WireScale.spin7.quantised(0.5, in: -7...7) == 4.0 / 7)
        #expect(Quantise.cm(-0.005) == -1, "keyframes use the same table")
        #expect(Quantise.spin(Quantise.spin(1.0)) == 1)
    }
}
