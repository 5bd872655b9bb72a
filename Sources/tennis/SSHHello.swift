import TennisProtocol

/// The hello of an ssh session's game link: `fingerprint` is the session's key (`SHA256:…`), nil
/// for an anonymous session. A key holder plays under their ssh user name, an anonymous session
/// as "Guest"; the key itself goes in the hello's identity, which the server vouches for
/// (`SSHGame.identity`: the same name claims, history and rating as a native client's key).
enum SSHHello {
    static func make(role: Role, code: String, username: String, fingerprint: String?, invite: String? = nil)
        -> ClientMessage.Hello
    {
        ClientMessage.Hello(role: role, code: code, name: name(username: username, fingerprint: fingerprint),
                            invite: invite)
    }

    /// What a key holder whose login name another key holds can do: log in under another name
    /// (`ssh -p 2222 host` becomes `ssh -p 2222 OTHER@host`).
    static func claimedNameHint(sshCommand: String?) -> String {
        let example = sshCommand.map { command -> String in
            guard let space = command.lastIndex(of: " ") else { return command }
            return command[..<space] + " OTHER@" + command[command.index(after: space)...]
        } ?? "ssh OTHER@host"
        return "Over ssh your name is your login name: log in as another, e.g. \(example)"
    }

    /// The name shown for a session: the sanitised ssh user name for a key holder, else "Guest".
    static func name(username: String, fingerprint: String?) -> String {
        guard fingerprint != nil, let name = PlayerName.sanitise(username) else { return "Guest" }
        return name
    }
}
