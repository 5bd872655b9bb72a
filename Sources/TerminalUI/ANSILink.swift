import Synchronization

/// Where an `ANSITerminal`'s bytes go: a byte stream to a remote terminal (an ssh channel).
public protocol ANSIOutlet: Sendable {
    /// Queues bytes for the terminal.
    func write(_ bytes: [UInt8])
    /// False while the stream is backed up: frames are skipped until it drains.
    var isWritable: Bool { get }
}

/// The meeting point of a remote terminal's two sides: the transport (any thread) pushes input
/// bytes, size changes and the hang-up here; the screens (main actor) drain them through
/// `ANSITerminal`, whose frames go out through the same lock so that nothing is written after
/// the goodbye.
///
/// Bounded: at most `maxPendingInput` unread input bytes are kept (more are dropped: a screen
/// reads its keys at least every frame, so only a flood fills it).
public final class ANSILink: Sendable {
    public static let maxPendingInput = 4096

    struct State {
        var input: [UInt8] = []
        var width: Int
        var height: Int
        var resized = false
        var hungUp = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    let state: Mutex<State>
    private let outlet: any ANSIOutlet

    public init(width: Int, height: Int, outlet: any ANSIOutlet) {
        state = Mutex(State(width: width, height: height))
        self.outlet = outlet
    }

    // MARK: The transport's side

    /// Input bytes from the terminal.
    public func receive(_ bytes: some Collection<UInt8>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            let room = Self.maxPendingInput - state.input.count
            state.input += bytes.prefix(max(0, room))
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// A window change.
    public func resize(width: Int, height: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.width = width
            state.height = height
            state.resized = true
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// The terminal is gone or about to be: the screens see `hungUp` and end, and nothing more
    /// is written. `farewell` is the last thing written (a goodbye line).
    public func hangUp(farewell: [UInt8] = []) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if !state.hungUp, !farewell.isEmpty { outlet.write(farewell) }
            state.hungUp = true
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    public var hungUp: Bool { state.withLock { $0.hungUp } }

    /// The terminal's size as last reported.
    public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }

    // MARK: The screens' side

    /// Writes a frame's bytes unless the terminal hung up. False when the stream is backed up
    /// (nothing was written).
    func send(_ bytes: [UInt8], force: Bool = false) -> Bool {
        state.withLock { state in
            guard !state.hungUp else { return true }
            guard force || outlet.isWritable else { return false }
            if !bytes.isEmpty { outlet.write(bytes) }
            return true
        }
    }

    var isWritable: Bool { outlet.isWritable }

    /// Takes the input that arrived and whether the size changed.
    func drain() -> (input: [UInt8], resized: Bool) {
        state.withLock { state in
            defer {
                state.input.removeAll(keepingCapacity: false)
                state.resized = false
            }
            return (state.input, state.resized)
        }
    }

    /// Parks until input, a resize or the hang-up (or returns at once if one is pending).
    func park(_ continuation: CheckedContinuation<Void, Never>) {
        let ready = state.withLock { state -> Bool in
            if !state.input.isEmpty || state.resized || state.hungUp { return true }
            state.waiter?.resume()
            state.waiter = continuation
            return false
        }
        if ready { continuation.resume() }
    }

    /// Wakes a parked screen (its time limit passed).
    func wake() {
        state.withLock { $0.takeWaiter() }?.resume()
    }
}

extension ANSILink.State {
    mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
        defer { waiter = nil }
        return waiter
    }
}
