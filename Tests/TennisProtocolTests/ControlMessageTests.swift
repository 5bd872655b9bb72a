import TennisCore
import Testing

@testable import TennisProtocol

@Test func clientMessagesRoundTrip() throws {
    let hello = ClientMessage.hello(.init(role: .player, code: "ABC234", name: "Ann", token: "00ff"))
    #expect(try ClientMessage.decode(hello.encode()) == hello)
    let spectator = ClientMessage.hello(.init(role: .spectator, code: "ABC234", name: "Bo"))
    #expect(try ClientMessage.decode(spectator.encode()) == spectator)
    #expect(!spectator.encode().contains("relay"), "absent unless a relay says so")
    let relay = ClientMessage.hello(.init(role: .spectator, code: "ABC234", name: "relay", relay: true))
    #expect(relay.encode().contains(#""relay":true"#))
    #expect(try ClientMessage.decode(relay.encode()) == relay)
    #expect(throws: ProtocolError.self) {
        try ClientMessage.decode(#"{"type":"hello","version":1,"role":"spectator","code":"A","name":"x","relay":"yes"}"#)
    }
    let ping = ClientMessage.ping(id: 9, clientTime: 123_456_789)
    #expect(try ClientMessage.decode(ping.encode()) == ping)
    #expect(ClientMessage.rematch.encode() == #"{"type":"rematch"}"#)
    let proved = ClientMessage.hello(.init(role: .spectator, code: "ABC234", name: "relay", relay: true,
                                           relayProof: String(repeating: "0f", count: 32)))
    #expect(proved.encode().contains(#""relay_proof":"0f0f"#))
    #expect(try ClientMessage.decode(proved.encode()) == proved)
    let relayed = ClientMessage.relayedChat(from: "Sam", text: "Great shot!")
    #expect(relayed.encode() == #"{"from":"Sam","text":"Great shot!","type":"relay_chat"}"#)
    #expect(try ClientMessage.decode(relayed.encode()) == relayed)
    #expect(try ClientMessage.decode(#"{"type":"rematch"}"#) == .rematch)
}

@Test func serverMessagesRoundTrip() throws {
    let messages: [ServerMessage] = [
        .welcome(.init(code: "ABC234", seat: 1, token: "beef", format: "short", surface: "clay", tickRate: 60)),
        .welcome(.init(code: "ABC234", seat: nil, token: nil, format: "tiebreak", surface: "hard", tickRate: 60)),
        .roster(.init(names: ["Ann", ""], connected: [true, false], spectators: 3)),
        .event(tick: 77, event: WireEvent(.point(winner: 1, reason: .doubleFault))),
        .pong(id: 3, clientTime: 10, serverTime: 20),
        .error(code: "match_full", message: "both seats are taken"),
        .moved(.init(url: "ws://node2:7878/ws", reservation: "0123456789abcdef0123456789abcdef")),
        .moved(.init(url: "ws://node2:7878/ws")),
        .roster(.init(names: ["Ann", "Bob"], connected: [true, true], spectators: 0, rematch: [true, false])),
        .rematch(.init(code: "Q2W3E4", token: "00ff")),
        .rematch(.init(code: "Q2W3E4", invite: "ABCDEFGHJKMNPQRS")),
    ]
    for message in messages {
        #expect(try ServerMessage.decode(message.encode()) == message)
    }
}

@Test func aRedirectIsAnErrorThatOlderClientsStillRead() throws {
    let moved = ServerMessage.moved(.init(url: "ws://node2:7878/ws", reservation: "beef"))
    #expect(moved.encode() == #"{"code":"moved","message":"ws:\/\/node2:7878\/ws","reservation":"beef","type":"error"}"#)
    // What a server without reservations sent.
    #expect(try ServerMessage.decode(#"{"type":"error","code":"moved","message":"ws://n/ws"}"#)
        == .moved(.init(url: "ws://n/ws", reservation: nil)))
    let hello = ClientMessage.hello(.init(role: .player, code: "ABC234", name: "Ann", reservation: "beef"))
    #expect(try ClientMessage.decode(hello.encode()) == hello)
    #expect(throws: ProtocolError.invalidValue("reservation")) {
        try ClientMessage.decode(#"{"type":"hello","version":1,"role":"player","code":"A","name":"x","reservation":"\#(String(repeating: "a", count: 65))"}"#)
    }
}

@Test func everyMatchEventSurvivesTheWire() {
    let events: [MatchEvent] = [
        .serve(player: 0), .hit(player: 1, shot: .lob, timing: .perfect), .bounce(at: Vec2(x: 3.5, y: -1.25), inside: true),
        .netTouch, .fault(serveNumber: 2), .let, .point(winner: 0, reason: .ace), .game(winner: 1), .set(winner: 0),
        .match(winner: 1),
    ]
    for event in events {
        #expect(WireEvent(event).matchEvent == event)
    }
}

@Test func badControlMessagesGiveTypedErrors() {
    #expect(throws: ProtocolError.self) { try ClientMessage.decode("") }
    #expect(throws: ProtocolError.self) { try ClientMessage.decode("not json") }
    #expect(throws: ProtocolError.self) { try ClientMessage.decode("[1,2]") }
    #expect(throws: ProtocolError.self) { try ClientMessage.decode(#"{"type":"hello","role":"player"}"#) }
    let truncated = ClientMessage.hello(.init(role: .player, code: "ABC234", name: "Ann")).encode()
    for length in 0..<truncated.count {
        #expect(throws: ProtocolError.self) { try ClientMessage.decode(String(truncated.prefix(length))) }
    }
}

@Test func namesAreSanitised() {
    #expect(WireProtocol.sanitise("  Ann  ") == "Ann")
    #expect(WireProtocol.sanitise("\u{1B}[31mRed\u{1B}[0m") == "Red", "whole CSI sequences go")
    #expect(WireProtocol.sanitise("a\u{1B}[?25lb\u{1B}[2Jc") == "abc")
    #expect(WireProtocol.sanitise("\u{1B}]0;pwned\u{7}title") == "title", "an OSC with its text")
    #expect(WireProtocol.sanitise("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\") == "link", "OSC ended by ST")
    #expect(WireProtocol.sanitise("\u{9B}1mC1\u{9D}title\u{9C}!") == "C1!", "the C1 forms")
    #expect(WireProtocol.sanitise("\u{1B}cReset\u{1B}(Bx") == "Resetx", "short escapes")
    #expect(WireProtocol.sanitise("cut\u{1B}[31") == "cut", "a sequence cut short")
    #expect(WireProtocol.sanitise("a\u{7}b\u{9B}c\nd") == "abd", "C1 CSI c (device attributes) goes whole")
    #expect(WireProtocol.sanitise(String(repeating: "x", count: 50)).count == WireProtocol.maxNameLength)
}

/// The codes `docs/PROTOCOL.md` gives for control messages that are JSON but not right.
@Test func controlMessageErrorsAreTheDocumentedCodes() {
    func code(_ text: String) -> String? {
        do {
            _ = try ClientMessage.decode(text)
            return nil
        } catch {
            return error.code
        }
    }
    #expect(code(#"{"type":"launch"}"#) == "unknown_type", "an unknown type")
    #expect(code(#"{"type":"hello","version":1,"role":"referee","code":"A","name":"x"}"#) == "invalid_value")
    #expect(code(#"{"type":"hello","version":1,"role":7,"code":"A","name":"x"}"#) == "malformed_json", "not a string")
    // Required: version, role, code, name; the rest may be left out or null.
    for field in ["version", "role", "code", "name"] {
        var hello: [String: String] = ["\"version\"": "1", "\"role\"": "\"player\"", "\"code\"": "\"A\"",
                                       "\"name\"": "\"x\""]
        hello["\"\(field)\""] = nil
        let text = "{\"type\":\"hello\"," + hello.map { "\($0):\($1)" }.joined(separator: ",") + "}"
        #expect(code(text) == "malformed_json", "\(field) is required")
    }
    #expect(code(#"{"type":"hello","version":1,"role":"player","code":"A","name":"x","token":null,"rate":null}"#) == nil)
    // Ping numbers are unsigned integers: anything else is an invalid value.
    #expect(code(#"{"type":"ping","id":1,"client_time":0}"#) == nil)
    #expect(code(#"{"type":"ping","id":1,"client_time":18446744073709551615}"#) == nil)
    #expect(code(#"{"type":"ping","id":1,"client_time":1.5}"#) == "invalid_value")
    #expect(code(#"{"type":"ping","id":1,"client_time":-5}"#) == "invalid_value")
    #expect(code(#"{"type":"ping","id":-1,"client_time":5}"#) == "invalid_value")
    #expect(code(#"{"type":"ping","id":1,"client_time":"5"}"#) == "malformed_json")
}

@Test func aRematchIsDecodedFromTheDocumentedText() throws {
    let text = #"{"type":"rematch","code":"Q2W3E4","token":"9f0c"}"#
    #expect(try ServerMessage.decode(text) == .rematch(.init(code: "Q2W3E4", token: "9f0c")))
    let roster = #"{"type":"roster","names":["Ann","Bob"],"connected":[true,true],"spectators":0,"rematch":[false,true]}"#
    guard case .roster(let decoded) = try ServerMessage.decode(roster) else { Issue.record("not a roster"); return }
    #expect(decoded.rematch == [false, true])
}

/// A relay's proof has one form (64 lowercase hex digits), and a relayed chat line the limits of
/// any chat line plus a sender: anything else is refused before the server looks further.
@Test func relayProofsAndRelayedChatOutOfShapeAreInvalidValues() {
    let hello = { (proof: String) in
        #"{"type":"hello","version":1,"role":"spectator","code":"ABC234","name":"relay","relay":true,"relay_proof":"\#(proof)"}"#
    }
    for proof in ["", "00", String(repeating: "0", count: 63), String(repeating: "0", count: 65),
                  String(repeating: "A", count: 64), String(repeating: "g", count: 64)] {
        #expect(throws: ProtocolError.invalidValue("relay_proof"), "\(proof)") { try ClientMessage.decode(hello(proof)) }
    }
    #expect(throws: ProtocolError.self) {
        try ClientMessage.decode(#"{"type":"hello","version":1,"role":"spectator","code":"A","name":"x","relay_proof":7}"#)
    }
    let long = String(repeating: "x", count: ClientMessage.maxChatLength + 1)
    let tooLongName = String(repeating: "n", count: ClientMessage.maxRelayedNameLength + 1)
    #expect(throws: ProtocolError.invalidValue("text")) {
        try ClientMessage.decode(#"{"type":"relay_chat","from":"Sam","text":"\#(long)"}"#)
    }
    #expect(throws: ProtocolError.invalidValue("text")) { try ClientMessage.decode(#"{"type":"relay_chat","from":"Sam","text":""}"#) }
    #expect(throws: ProtocolError.invalidValue("from")) { try ClientMessage.decode(#"{"type":"relay_chat","from":"","text":"hi"}"#) }
    #expect(throws: ProtocolError.invalidValue("from")) {
        try ClientMessage.decode(#"{"type":"relay_chat","from":"\#(tooLongName)","text":"hi"}"#)
    }
    #expect(throws: ProtocolError.self) { try ClientMessage.decode(#"{"type":"relay_chat","text":"hi"}"#) }
    #expect(throws: ProtocolError.self) { try ClientMessage.decode(#"{"type":"relay_chat","from":["a"],"text":"hi"}"#) }
}
