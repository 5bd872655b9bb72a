import Testing

@testable import TennisStore

/// Where the player's files live: the environment decides, so two users sharing one account
/// (different HOME or XDG variables) never read each other's seat tokens, config or matches.
@Suite struct UserDirectoriesTests {
    @Test func xdgVariablesWinThenHome() {
        let both = ["HOME": "/home/ann", "XDG_STATE_HOME": "/tmp/ann-state"]
        #expect(UserDirectories.path(.state, "seats.json", environment: both) == "/tmp/ann-state/terminal-tennis/seats.json")
        #expect(UserDirectories.path(.config, "config.json", environment: both)
            == "/home/ann/.config/terminal-tennis/config.json")
        #expect(UserDirectories.path(.data, "tennis.sqlite", environment: ["HOME": "/home/bo"])
            == "/home/bo/.local/share/terminal-tennis/tennis.sqlite")
        #expect(UserDirectories.path(.state, "seats.json", environment: ["HOME": "/home/bo", "XDG_STATE_HOME": "rel"])
            == "/home/bo/.local/state/terminal-tennis/seats.json", "a relative XDG path is ignored, as the spec says")
    }

    @Test func twoHomesOnOneAccountDoNotShareSeats() {
        let ann = UserDirectories.path(.state, "seats.json", environment: ["HOME": "/home/shared/ann"])
        let bo = UserDirectories.path(.state, "seats.json", environment: ["HOME": "/home/shared/bo"])
        #expect(ann != bo)
        #expect(StoreLocation.defaultPath(environment: ["HOME": "/x"]) == "/x/.local/share/terminal-tennis/tennis.sqlite")
    }
}
