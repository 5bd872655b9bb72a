import TennisCore
import TennisProtocol

// `swift run -c release TennisBench`: nanoseconds per operation of the core step and the codec.
// Build in release; pin with `taskset -c 1` for steady numbers.

/// Runs `body` `count` times after a warm-up and prints ns per call; `body` returns something
/// to fold into a checksum so the optimiser cannot drop it.
func bench(_ name: String, count: Int, _ body: (Int) -> UInt64) {
    var sink: UInt64 = 0
    for index in 0..<min(count, 10_000) { sink &+= body(index) }
    let start = MonotonicClock.nanos()
    for index in 0..<count { sink &+= body(index) }
    let elapsed = MonotonicClock.nanos() - start
    let perOp = Double(elapsed) / Double(count)
    let padded = name.padding(toLength: 34, withPad: " ", startingAt: 0)
    print("\(padded) \(aligned(perOp)) ns/op   (n=\(count), checksum \(sink & 0xFFFF))")
}

/// `value` with one decimal, right-aligned in 8 columns.
func aligned(_ value: Double) -> String {
    let text = "\((value * 10).rounded() / 10)"
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
}

extension MonotonicClock {
    static func nanos() -> UInt64 { micros() * 1000 }
}

// A recorded bot-vs-bot match: the inputs of each tick, replayed from the same start so only
// `step` is timed (the bots' decisions are timed on their own).
let config = MatchConfig(seed: 42, format: .short, surface: .hard)
var recorder = MatchState(config: config)
var bots = PerPlayer(Bot(level: 3, seed: 1), Bot(level: 3, seed: 2))
var events: [MatchEvent] = []
events.reserveCapacity(16)
var inputs: [PerPlayer<PlayerInput>] = []
var views: [MatchView] = []
while inputs.count < 36_000, recorder.phase != .matchOver {
    let view = recorder.view
    views.append(view)
    let input = PerPlayer(bots.left.input(for: 0, view: view), bots.right.input(for: 1, view: view))
    inputs.append(input)
    events.removeAll(keepingCapacity: true)
    recorder.step(inputs: input, events: &events)
}
let ticks = inputs.count
print("recorded \(ticks) ticks of a level-3 bot match")

let rounds = 20
var state = MatchState(config: config)
let stepStart = MonotonicClock.nanos()
var checksum = 0
for _ in 0..<rounds {
    state = MatchState(config: config)
    for tick in 0..<ticks {
        events.removeAll(keepingCapacity: true)
        state.step(inputs: inputs[tick], events: &events)
        checksum &+= events.count
    }
}
let stepNanos = Double(MonotonicClock.nanos() - stepStart) / Double(rounds * ticks)
print("\("MatchState.step".padding(toLength: 34, withPad: " ", startingAt: 0)) \(aligned(stepNanos)) ns/op   (n=\(rounds * ticks), checksum \(checksum & 0xFFFF))")

var bot = Bot(level: 3, seed: 7)
bench("Bot.input", count: 200_000) { index in
    UInt64(bitPattern: Int64(bot.input(for: index & 1, view: views[index % views.count]).moveX))
}

let snapshots = views.map { Snapshot(serverTimeMicros: 1_000_000, lastInputSeq: .init(1, 2), status: .playing, view: $0) }
let keyframes = snapshots.map { $0.encode() }
let leans = snapshots.map { LeanSnapshot.encode($0) }
bench("Snapshot.encode (keyframe)", count: 500_000) { UInt64(snapshots[$0 % snapshots.count].encode().count) }
bench("LeanSnapshot.encode", count: 500_000) { UInt64(LeanSnapshot.encode(snapshots[$0 % snapshots.count]).count) }
bench("Snapshot.decode (keyframe)", count: 500_000) {
    UInt64((try? Snapshot.decode(keyframes[$0 % keyframes.count]))?.view.tick ?? 0)
}
var stream = SnapshotStream()
_ = try? stream.decode(keyframes[0])
bench("SnapshotStream.decode (lean)", count: 500_000) {
    UInt64((try? stream.decode(leans[$0 % leans.count]))?.view.tick ?? 0)
}
bench("SnapshotStamp.read (lean)", count: 2_000_000) { index in
    leans[index % leans.count].withUnsafeBytes { UInt64(SnapshotStamp.read($0)?.tick ?? 0) }
}
let input = InputFrame(sequence: 9, input: PlayerInput(moveX: 1, moveY: -1, swing: nil))
bench("InputFrame.encode", count: 1_000_000) { _ in UInt64(input.encode().count) }
