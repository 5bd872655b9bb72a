import Foundation
import TennisIdentity
import TennisProtocol
import TennisStore

/// This user's player key: `$XDG_CONFIG_HOME/terminal-tennis/identity.key`, else
/// `~/.config/terminal-tennis/identity.key`, made on first use (mode 600). Its fingerprint is
/// who this player is to every server: the first key to play under a name claims it there.
enum LocalIdentity {
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.path(.config, "identity.key", environment: environment)
    }

    /// The key, made if there is none; a key file that cannot be read is an error, never replaced.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> (key: PlayerKey, path: String, created: Bool)
    {
        let file = path(environment: environment)
        do {
            let (key, created) = try KeyFile.loadOrCreate(file)
            return (key, file, created)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The signer for a player's hellos: the key, or nil when `TENNIS_ANONYMOUS=1` asks to play
    /// anonymously (unrated, and only under names nobody has claimed).
    /// Who this player is, in a few words for the menu's footer: the key's fingerprint
    /// (shortened), or that the player is anonymous.
    static func summary(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if environment["TENNIS_ANONYMOUS"] == "1" { return "anonymous: unrated" }
        guard let (key, _, _) = try? load(environment: environment) else { return "key unreadable: tennis whoami" }
        return "key \(key.fingerprint.prefix(19))…"
    }

    static func signer(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> (any HelloSigner)?
    {
        if environment["TENNIS_ANONYMOUS"] == "1" { return nil }
        return try load(environment: environment).key
    }
}

/// Who a play session says the player is.
enum PlayIdentity {
    /// This user's key (`LocalIdentity`).
    case local
    /// No identity: unrated, and refused under a claimed name.
    case anonymous
    /// A signer given by the caller (an in-process gateway's vouching for an ssh key), and what
    /// to tell the player whose name another key holds (nil: the server's words suffice).
    case signer(any HelloSigner, nameHint: String? = nil)

    /// A line under a `name_claimed` refusal: how this player can come in under another name.
    var nameHint: String? {
        if case .signer(_, let hint) = self { return hint }
        return nil
    }

    func signer() throws -> (any HelloSigner)? {
        switch self {
        case .local: try LocalIdentity.signer()
        case .anonymous: nil
        case .signer(let signer, _): signer
        }
    }
}
