import NIOCore
import TennisCore
import TennisProtocol
import Testing

@testable import TennisServer

/// The outlet's decisions without a channel: every transition of a connection's sending side.
@Suite struct OutletMachineTests {
    private static func label(_ actions: [OutletMachine.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .write(.text(let frame)): "T:\(String(decoding: frame.bytes.readableBytesView.suffix(frame.bytes.readableBytes - 2), as: UTF8.self))"
            case .write(.snapshot(_, let key)): key ? "key" : "lean"
            case .write(.close): "close?"
            case .flush(let count): "flush \(count)"
            case .droppedSnapshot: "dropped"
            case .signal(let close?): "signal \(close.code)"
            case .signal(nil): "signal -"
            case .cutAfterGrace: "cut"
            case .ping: "ping"
            }
        }
    }

    private let key = Outbound.snapshot([1], isKeyframe: true)
    private let lean = Outbound.snapshot([2], isKeyframe: false)

    /// The outlet's quick path (`quickDelivery`, falling back to `deliver` when it says
    /// `.decide`) makes exactly the writes, flushes and closes `deliver` alone makes, over
    /// 2,000 seeded random sequences of deliveries, flushes, writability changes, pings and ends.
    @Test func theQuickPathDecidesWhatDeliverDecides() {
        var random = SplitMix64(seed: 20_261_201)
        for _ in 0..<2_000 {
            var plain = OutletMachine(controlLimit: 3)
            var quick = OutletMachine(controlLimit: 3)
            var plainSeen: [String] = []
            var quickSeen: [String] = []
            for _ in 0..<40 {
                let roll = random.next() % 100
                switch roll {
                case 0..<60:
                    let message: Outbound = switch random.next() % 6 {
                    case 0: .json("c")
                    case 1: .close(code: 4000, reason: "x")
                    case 2: key
                    default: lean
                    }
                    let shared = random.next() % 4 != 0
                    plainSeen += Self.label(plain.deliver(message, shared: shared))
                    switch quick.quickDelivery(message) {
                    case .write:
                        quickSeen += Self.label([.write(message)])
                    case .nothing: break
                    case .decide: quickSeen += Self.label(quick.deliver(message, shared: shared))
                    }
                case 60..<80:
                    plainSeen += Self.label(plain.flush())
                    let count = quick.takeUnflushed()
                    if count > 0 { quickSeen.append("flush \(count)") }
                case 80..<92:
                    let writable = random.next() % 2 == 0
                    plainSeen += Self.label(plain.writabilityChanged(writable))
                    quickSeen += Self.label(quick.writabilityChanged(writable))
                case 92..<98:
                    plainSeen += Self.label(plain.keepAliveDue())
                    quickSeen += Self.label(quick.keepAliveDue())
                default:
                    plainSeen += Self.label(plain.channelEnded())
                    quickSeen += Self.label(quick.channelEnded())
                }
            }
            #expect(quickSeen == plainSeen)
            #expect(quick.phase == plain.phase)
            if quickSeen != plainSeen { return }
        }
    }

    @Test func sharedMessagesWaitForTheConnectionsOwnWelcome() {
        var machine = OutletMachine(controlLimit: 4)
        #expect(machine.deliver(key, shared: true).isEmpty, "not before the welcome")
        #expect(Self.label(machine.deliver(.json("w"), shared: false)) == ["T:w"])
        #expect(machine.phase == .open)
        #expect(Self.label(machine.deliver(lean, shared: true)) == ["lean"])
        #expect(Self.label(machine.flush()) == ["flush 2"])
        #expect(machine.flush().isEmpty)
    }

    @Test func aSlowPeerGetsOnlyTheNewestSnapshotsWhenItDrains() {
        var machine = OutletMachine(controlLimit: 4)
        _ = machine.deliver(.json("w"), shared: false)
        _ = machine.flush()
        _ = machine.writabilityChanged(false)
        #expect(machine.deliver(key, shared: true).isEmpty)
        #expect(Self.label(machine.deliver(key, shared: true)) == ["dropped"])
        #expect(machine.deliver(.json("e"), shared: true).isEmpty)
        #expect(machine.deliver(lean, shared: true).isEmpty)
        #expect(Self.label(machine.writabilityChanged(true)) == ["key", "T:e", "lean", "flush 3"])
    }

    @Test func aPeerTooSlowForControlsIsClosedWithoutItsBacklog() {
        var machine = OutletMachine(controlLimit: 2)
        _ = machine.deliver(.json("w"), shared: false)
        _ = machine.flush()
        _ = machine.writabilityChanged(false)
        _ = machine.deliver(.json("1"), shared: true)
        _ = machine.deliver(.json("2"), shared: true)
        let actions = Self.label(machine.deliver(.json("3"), shared: true))
        #expect(actions == ["signal \(WireProtocol.CloseCode.tooSlow)", "cut"])
        #expect(machine.phase == .closing)
        #expect(machine.deliver(.json("4"), shared: true).isEmpty)
        #expect(machine.writabilityChanged(true).isEmpty, "nothing after the close")
    }

    @Test func aCloseFromTheMatchSendsWhatWaitedFirst() {
        var machine = OutletMachine(controlLimit: 8)
        _ = machine.deliver(.json("w"), shared: false)
        _ = machine.flush()
        _ = machine.writabilityChanged(false)
        _ = machine.deliver(.json("bye"), shared: true)
        let actions = Self.label(machine.deliver(.close(code: 4503, reason: "server shutting down"), shared: false))
        #expect(actions == ["T:bye", "flush 1", "signal 4503", "cut"])
    }

    @Test func afterTheLibrarysCloseOrTheChannelsEndNothingIsWritten() {
        var machine = OutletMachine(controlLimit: 8)
        _ = machine.deliver(.json("w"), shared: false)
        machine.linkClosing()
        #expect(machine.deliver(key, shared: true).isEmpty)
        var ended = OutletMachine(controlLimit: 8)
        #expect(Self.label(ended.channelEnded()) == ["signal -"])
        #expect(ended.deliver(.json("w"), shared: false).isEmpty)
    }

    @Test func aPeerHeardFromSinceTheLastPingIsPingedAgainAndASilentOneIsClosed() {
        var machine = OutletMachine(controlLimit: 4)
        _ = machine.deliver(.json("w"), shared: false)
        _ = machine.flush()
        #expect(Self.label(machine.keepAliveDue()) == ["ping"])
        machine.heard()
        #expect(Self.label(machine.keepAliveDue()) == ["ping"])
        #expect(Self.label(machine.keepAliveDue()) == ["signal 1001", "cut"])
        #expect(machine.phase == .closing)
        #expect(machine.keepAliveDue().isEmpty)
    }

    @Test func aPeerWhoseSocketIsFullIsNotPingedNorTimedOut() {
        var machine = OutletMachine(controlLimit: 4)
        _ = machine.deliver(.json("w"), shared: false)
        _ = machine.writabilityChanged(false)
        #expect(machine.keepAliveDue().isEmpty)
        #expect(machine.keepAliveDue().isEmpty)
        _ = machine.writabilityChanged(true)
        #expect(Self.label(machine.keepAliveDue()) == ["ping"])
    }
}
