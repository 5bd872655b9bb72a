import TennisClient

/// A session's events in the order they came, as short names ("opened", "welcome",
/// "error not_found", "closed 4503 the host left"), read from its stream as a test goes: the
/// test waits for the event it expects, not for time to pass.
struct EventLog {
    private var events: AsyncStream<ClientEvent>.AsyncIterator
    private(set) var seen: [String] = []

    init(_ stream: AsyncStream<ClientEvent>) {
        events = stream.makeAsyncIterator()
    }

    static func name(_ event: ClientEvent) -> String? {
        switch event {
        case .welcome: "welcome"
        case .opened: "opened"
        case .closed(let code, let reason): "closed \(code ?? 0)" + (reason.map { " " + $0 } ?? "")
        case .error(let code, _): "error \(code)"
        default: nil
        }
    }

    /// Reads events until one whose name starts with `wanted` (nil: until the stream ends);
    /// false when the stream ended first.
    mutating func read(until wanted: String?) async -> Bool {
        while let event = await events.next() {
            guard let name = Self.name(event) else { continue }
            seen.append(name)
            if let wanted, name.hasPrefix(wanted) { return true }
        }
        return wanted == nil
    }
}
