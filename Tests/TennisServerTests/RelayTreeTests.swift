import TennisRecords
import Testing

/// Where a new relay of a match subscribes: breadth first from the owner, to the first node with
/// room under the fan-out, the emptiest first.
@Suite struct RelayTreeTests {
    let owner = "ws://a/ws"

    @Test func theOwnerTakesRelaysUntilItsFanOutIsReached() {
        #expect(RelayTree.parent(owner: owner, edges: [], fanout: 1) == nil)
        #expect(RelayTree.parent(owner: owner, edges: [("ws://b/ws", owner)], fanout: 2) == nil)
        #expect(RelayTree.parent(owner: owner, edges: [("ws://b/ws", owner)], fanout: 1) == "ws://b/ws")
    }

    @Test func aFullLevelSendsTheNewRelayToTheEmptiestNodeBelow() {
        let edges = [("ws://b/ws", owner), ("ws://c/ws", owner), ("ws://d/ws", "ws://b/ws")]
        #expect(RelayTree.parent(owner: owner, edges: edges.map { ($0.0, $0.1) }, fanout: 2) == "ws://c/ws")
        // Everyone at one below: the next level down.
        let chain = [("ws://b/ws", owner), ("ws://c/ws", "ws://b/ws")]
        #expect(RelayTree.parent(owner: owner, edges: chain.map { ($0.0, $0.1) }, fanout: 1) == "ws://c/ws")
    }

    @Test func relaysNotReachableFromTheOwnerAreIgnored() {
        // A stale loop (each says it follows the other) hangs from nothing: the owner has room.
        let loop = [("ws://b/ws", "ws://c/ws"), ("ws://c/ws", "ws://b/ws")]
        #expect(RelayTree.parent(owner: owner, edges: loop.map { ($0.0, $0.1) }, fanout: 1) == nil)
        // The owner itself listed as a relay is not its own child.
        #expect(RelayTree.parent(owner: owner, edges: [(owner, owner)], fanout: 1) == nil)
    }
}
