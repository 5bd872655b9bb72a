import NIOCore
import TennisProtocol

/// What waits for one connection while its socket cannot take more (the peer reads slowly).
///
/// Control messages (welcome, roster, events, errors, close) keep their order and are never
/// dropped; once `controlLimit` of them pile up the peer is too slow and only a close remains.
/// Snapshots are latest-wins: a newer keyframe replaces every waiting snapshot, a newer lean
/// snapshot replaces a waiting lean one but never a waiting keyframe (lean snapshots build on it).
/// So at most two snapshots wait, and a slow reader loses old ticks, not everyone's time.
///
/// Not thread-safe: a connection's outlet keeps it on its event loop.
struct PendingMessages {
    private var items: [Outbound] = []
    private var controls = 0
    let controlLimit: Int
    /// The peer let too many control messages pile up: all that is left to send is a close.
    private(set) var tooSlow = false

    init(controlLimit: Int = 256) {
        self.controlLimit = controlLimit
    }

    var isEmpty: Bool { items.isEmpty }

    /// Holds a message; true when an older snapshot still waiting was dropped for it.
    @discardableResult
    mutating func push(_ message: Outbound) -> Bool {
        guard !tooSlow else { return false }
        switch message {
        case .snapshot(_, let isKeyframe):
            let before = items.count
            if isKeyframe {
                items.removeAll { $0.isSnapshot }
            } else if let index = items.lastIndex(where: { $0.isLeanSnapshot }) {
                items.remove(at: index)
            }
            items.append(message)
            return items.count <= before
        case .text:
            controls += 1
            items.append(message)
            if controls > controlLimit {
                items.removeAll()
                items.append(.close(code: WireProtocol.CloseCode.tooSlow, reason: "too_slow"))
                tooSlow = true
            }
        case .close:
            items.append(message)
        }
        return false
    }

    /// Everything waiting, in order; the queue is empty afterwards.
    mutating func takeAll() -> [Outbound] {
        controls = 0
        defer { items.removeAll() }
        return items
    }
}

extension Outbound {
    var isSnapshot: Bool {
        if case .snapshot = self { return true }
        return false
    }

    var isLeanSnapshot: Bool {
        if case .snapshot(_, false) = self { return true }
        return false
    }

    var isClose: Bool {
        if case .close = self { return true }
        return false
    }
}
