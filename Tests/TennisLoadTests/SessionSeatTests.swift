import TennisCore
import TennisProtocol
import Testing

@testable import TennisLoad

/// The load test's bots play through `MatchSession`: the inputs they write are the session's.
@Suite struct SessionSeatTests {
    @Test func aSeatedBotAnswersSnapshotsWithTheSessionsNumberedInputs() throws {
        let hello = ClientMessage.Hello(role: .player, code: "ABCDEF", name: "loadbot0")
        let welcome = ServerMessage.Welcome(code: "ABCDEF", seat: 0, token: "t", format: "short", surface: "hard",
                                            tickRate: 60)
        var seat = SessionSeat(hello: hello, welcome: welcome, level: 3, seed: 1, now: 0)
        #expect(seat.seat == 0)

        // A real match, stepped with the bot's own inputs, as the server would.
        var state = MatchState(config: MatchConfig(seed: 7))
        var held = PerPlayer(PlayerInput.idle, PlayerInput.idle)
        var frames: [InputFrame] = []
        for tick in 0..<600 {
            let snapshot = Snapshot(serverTimeMicros: UInt64(tick) * 16_667,
                                    lastInputSeq: PerPlayer(frames.last?.sequence ?? 0, 0), status: .playing,
                                    view: state.view)
            for output in seat.receive(snapshot: snapshot.encode(), now: Double(tick) / 60) {
                guard case .send(let bytes) = output else { Issue.record("unexpected \(output)"); continue }
                let frame = try InputFrame.decode(bytes)
                frames.append(frame)
                held.left = frame.input
            }
            var events: [MatchEvent] = []
            state.step(inputs: held, events: &events)
            held.left.swing = nil
        }
        #expect(!frames.isEmpty, "the bot played")
        #expect(frames.map(\.sequence) == Array(1...UInt32(frames.count)), "numbered from 1 on its link")
        #expect(frames.contains { $0.input.moveX != 0 || $0.input.moveY != 0 || $0.input.swing != nil })
        // Only changes (or swings) are sent, never the same held input twice in a row.
        for (before, after) in zip(frames, frames.dropFirst()) where after.input.swing == nil {
            #expect(PlayerInput(moveX: before.input.moveX, moveY: before.input.moveY) != after.input)
        }
    }

    @Test func aSeatIgnoresWhatItCannotDecode() {
        let welcome = ServerMessage.Welcome(code: "ABCDEF", seat: 1, token: nil, format: "short", surface: "clay",
                                            tickRate: 60)
        var seat = SessionSeat(hello: .init(role: .player, code: "ABCDEF", name: "b"), welcome: welcome, level: 1,
                               seed: 2, now: 0)
        #expect(seat.receive(snapshot: [0xFF, 0x00, 0x01], now: 1).isEmpty)
        #expect(seat.receive(snapshot: [], now: 1).isEmpty)
    }
}
