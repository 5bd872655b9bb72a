import ArgumentParser

/// `tennis whoami`: this player's key fingerprint (made on first use).
struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show your player identity: the fingerprint of your key.",
        discussion: """
            Your key is made on first use in the config folder ($XDG_CONFIG_HOME/terminal-tennis/identity.key, \
            else ~/.config/terminal-tennis/identity.key; mode 600) and signs every hello you send as a player. \
            On each server (or cluster) the first key to play under a name claims it: your ratings and stats \
            follow your key, and nobody else can play under your names there. Keep the file to keep your names; \
            TENNIS_ANONYMOUS=1 plays without it (unrated, and only under names nobody has claimed).
            """)

    func run() throws {
        let (key, path, created) = try LocalIdentity.load()
        print(key.fingerprint)
        print(created ? "a new key, made just now in \(path)" : "key: \(path)")
    }
}
