/// A remote terminal driven by escape sequences over a byte stream (an ssh session's PTY):
/// the same screens as on the local curses `Terminal`, rendered in-process by `ANSIWriter`,
/// keys decoded by `ANSIKeyDecoder`. Costs memory (two frames and a few buffers), no thread.
@MainActor
public final class ANSITerminal: TerminalDevice {
    public let link: ANSILink
    public let colourMode: ColourMode
    public let charset: Charset
    public let bellOnPoints: Bool
    public var reportsReleases: Bool { false }
    private var writer: ANSIWriter
    private var decoder = ANSIKeyDecoder()
    private var started = false

    /// Sizes are clamped to this range; the ssh side refuses sizes outside it before they get here.
    public static let sizeRange = 1...1000

    public init(link: ANSILink, colourMode: ColourMode, charset: Charset, bellOnPoints: Bool = false) {
        self.link = link
        self.colourMode = colourMode
        self.charset = charset
        self.bellOnPoints = bellOnPoints
        writer = ANSIWriter(colourMode: colourMode, charset: charset)
    }

    public var size: (width: Int, height: Int) {
        let (width, height) = link.size
        return (Self.clamp(width), Self.clamp(height))
    }

    private static func clamp(_ value: Int) -> Int { min(max(value, sizeRange.lowerBound), sizeRange.upperBound) }

    public var hungUp: Bool { link.hungUp }

    public func readKeyEvents() -> [KeyEvent] {
        let (input, resized) = link.drain()
        var events = input.isEmpty ? decoder.flush() : decoder.feed(input)
        if resized {
            writer.invalidate()
            events.append(KeyEvent(key: KeyCode.resize))
        }
        return events
    }

    public func readKeys() -> [Int32] {
        readKeyEvents().filter { $0.kind == .press }.map(\.key)
    }

    public func draw(_ frame: Screen) {
        // While the stream is backed up the frame is skipped; the next one is diffed against
        // the last frame that went out, so nothing is lost.
        guard link.isWritable else { return }
        var bytes: [UInt8] = []
        if !started {
            started = true
            bytes = ANSIWriter.enter
        }
        bytes += writer.bytes(for: frame)
        _ = link.send(bytes, force: true)
    }

    public func invalidate() { writer.invalidate() }

    public func bell() { _ = link.send(ANSIWriter.bell) }

    /// Restores the remote terminal (normal screen, cursor shown): the last bytes of a session.
    public func restore() { _ = link.send(ANSIWriter.leave, force: true) }

    public func waitForInput(upTo limit: Duration) async {
        let link = self.link
        let timer = Task.detached {
            try? await Task.sleep(for: limit)
            link.wake()
        }
        await withCheckedContinuation { link.park($0) }
        timer.cancel()
    }
}
