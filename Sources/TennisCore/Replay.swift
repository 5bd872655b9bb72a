/// The inputs of a match, kept compactly: one entry whenever a player's held direction
/// changes or a swing starts. With the match's config (and so its seed) this is enough
/// to play the match again exactly.
public struct InputLog: Sendable, Equatable {
    /// One change of one player's input, applied at the step that moves the match from `tick` to `tick + 1`.
    public struct Entry: Sendable, Equatable {
        public var tick: UInt32
        public var seat: UInt8
        public var input: PlayerInput

        public init(tick: UInt32, seat: UInt8, input: PlayerInput) {
            self.tick = tick
            self.seat = seat
            self.input = input
        }
    }

    public private(set) var entries: [Entry] = []
    private var held = PerPlayer(PlayerInput.idle, PlayerInput.idle)

    public init() {}

    /// Rebuilds a log from stored entries (which must be in tick order).
    public init(entries: [Entry]) {
        for entry in entries { append(entry) }
    }

    /// Notes the inputs about to be applied at the step from `tick`; stores only what changed.
    public mutating func record(tick: UInt32, inputs: PerPlayer<PlayerInput>) {
        for seat in 0..<2 where inputs[seat] != held[seat] || inputs[seat].swing != nil {
            append(Entry(tick: tick, seat: UInt8(seat), input: inputs[seat]))
        }
    }

    private mutating func append(_ entry: Entry) {
        entries.append(entry)
        let seat = Int(entry.seat)
        held[seat] = PlayerInput(moveX: entry.input.moveX, moveY: entry.input.moveY)
    }
}

/// A finished (or stopped) match as data: replaying it gives back the same states, bit for bit.
public struct Replay: Sendable, Equatable {
    /// Bumped whenever the simulation changes in a way that makes old replays play differently.
    public static let simulationVersion: UInt32 = 2

    public var config: MatchConfig
    public var log: InputLog
    /// The tick the match had reached when it was recorded.
    public var finalTick: UInt32
    /// `MatchState.stateHash` at `finalTick`, to check a replay against.
    public var finalHash: UInt64
    public var simulationVersion: UInt32

    public init(config: MatchConfig, log: InputLog, finalTick: UInt32, finalHash: UInt64,
                simulationVersion: UInt32 = Replay.simulationVersion) {
        self.config = config
        self.log = log
        self.finalTick = finalTick
        self.finalHash = finalHash
        self.simulationVersion = simulationVersion
    }

    /// A cursor that steps the match forward through the log, for playback and seeking.
    public struct Player: Sendable {
        public private(set) var state: MatchState
        private let log: [InputLog.Entry]
        private var next = 0
        private var held = PerPlayer(PlayerInput.idle, PlayerInput.idle)

        init(replay: Replay) {
            state = MatchState(config: replay.config)
            log = replay.log.entries
        }

        /// Advances one tick, appending what happened to `events`.
        public mutating func step(events: inout [MatchEvent]) {
            var inputs = held
            while next < log.count, log[next].tick == state.tick {
                let entry = log[next]
                inputs[Int(entry.seat)] = entry.input
                held[Int(entry.seat)] = PlayerInput(moveX: entry.input.moveX, moveY: entry.input.moveY)
                next += 1
            }
            state.step(inputs: inputs, events: &events)
        }
    }

    public func player() -> Player { Player(replay: self) }

    /// Plays the whole log and returns the final state.
    public func finalState() -> MatchState {
        var player = player()
        var events: [MatchEvent] = []
        while player.state.tick < finalTick {
            events.removeAll(keepingCapacity: true)
            player.step(events: &events)
        }
        return player.state
    }

    /// Why a replay can't be trusted.
    public enum Mismatch: Error, Equatable, CustomStringConvertible {
        case incompatibleVersion(recorded: UInt32, current: UInt32)
        case hashDiffers(expected: UInt64, got: UInt64)

        public var description: String {
            switch self {
            case .incompatibleVersion(let recorded, let current):
                "this replay was recorded by simulation version \(recorded); this program runs version \(current)"
            case .hashDiffers(let expected, let got):
                "replay diverged: final state hash \(String(got, radix: 16)) instead of \(String(expected, radix: 16))"
            }
        }
    }

    /// Replays the match and checks it ends in the recorded state.
    public func verify() throws(Mismatch) -> MatchState {
        guard simulationVersion == Replay.simulationVersion else {
            throw .incompatibleVersion(recorded: simulationVersion, current: Replay.simulationVersion)
        }
        let state = finalState()
        guard state.stateHash == finalHash else { throw .hashDiffers(expected: finalHash, got: state.stateHash) }
        return state
    }
}
