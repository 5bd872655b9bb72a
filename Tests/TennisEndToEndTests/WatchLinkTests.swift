import Foundation
import Testing

@testable import tennis

/// The browser link to a match, from the server URL a player typed.
@Suite struct WatchLinkTests {
    @Test(arguments: [
        ("ws://ann-laptop:7878", "http://ann-laptop:7878/watch/K7QM2P"),
        ("ws://ann-laptop:7878/ws", "http://ann-laptop:7878/watch/K7QM2P"),
        ("wss://tennis.example.org", "https://tennis.example.org/watch/K7QM2P"),
        ("wss://tennis.example.org:8443/ws", "https://tennis.example.org:8443/watch/K7QM2P"),
        ("203.0.113.5:7878", "http://203.0.113.5:7878/watch/K7QM2P"),
    ])
    func linkFromServer(server: String, link: String) throws {
        #expect(try WatchLink.url(server: server, code: "k7qm2p") == link)
    }

    @Test func privateMatchCarriesItsInvite() throws {
        #expect(try WatchLink.url(server: "wss://t.example.org", code: "K7QM2P", invite: "ABCDEFGHJKMNPQRS")
                == "https://t.example.org/watch/K7QM2P?invite=ABCDEFGHJKMNPQRS")
        #expect(try WatchLink.url(server: "ws://h:1", code: "K7QM2P", invite: "") == "http://h:1/watch/K7QM2P")
        #expect(try WatchLink.url(server: "ws://h:1", code: "K7QM2P", invite: "a&b c") == "http://h:1/watch/K7QM2P?invite=a%26b%20c")
    }

    @Test func badServerIsAnError() {
        #expect(throws: (any Error).self) { try WatchLink.url(server: "http://nope", code: "K7QM2P") }
    }

    @Test func listingShowsTheBrowserLink() throws {
        let json = #"[{"code":"K7QM2P","players":["Ann"],"spectators":0,"state":"waiting"}]"#
        let lines = try ListCommand.table(Data(json.utf8), base: "http://h:7878", server: "ws://h:7878")
        #expect(lines.contains("  or in a browser: http://h:7878/watch/CODE"))
    }
}
