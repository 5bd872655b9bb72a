import TennisCore
import Testing

@testable import TennisProtocol

@Test func inputRoundTrips() throws {
    for swing in [nil] + ShotKind.allCases.map(Optional.some) {
        for x in Int8(-1)...1 {
            for y in Int8(-1)...1 {
                let frame = InputFrame(sequence: 4_000_000_123, input: PlayerInput(moveX: x, moveY: y, swing: swing))
                let bytes = frame.encode()
                #expect(bytes.count == InputFrame.encodedSize)
                #expect(try InputFrame.decode(bytes) == frame)
            }
        }
    }
}

@Test func inputRejectsTruncatedOutOfRangeAndExtra() {
    let bytes = InputFrame(sequence: 1, input: PlayerInput(moveX: 1, moveY: -1, swing: .drive)).encode()
    for length in 0..<bytes.count {
        #expect(throws: ProtocolError.self) { try InputFrame.decode(Array(bytes.prefix(length))) }
    }
    var fast = bytes
    fast[5] = 5
    #expect(throws: ProtocolError.invalidValue("move_x")) { try InputFrame.decode(fast) }
    var badSwing = bytes
    badSwing[7] = 99
    #expect(throws: ProtocolError.invalidValue("swing")) { try InputFrame.decode(badSwing) }
    #expect(throws: ProtocolError.trailingBytes(2)) { try InputFrame.decode(bytes + [1, 2]) }
    #expect(throws: ProtocolError.unknownType(0x01)) { try InputFrame.decode([0x01] + bytes.dropFirst()) }
}
