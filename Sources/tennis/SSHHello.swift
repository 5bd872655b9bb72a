import TennisProtocol

/// The hello of an ssh session's game link, built in this one place so that a vouched identity
/// can be added here (#17, identity): `fingerprint` is the session's key (`SHA256:…`), nil for
/// an anonymous session. The wire hello has no identity field yet, so today the key only picks
/// the name: a key holder plays under their ssh user name, an anonymous session as "Guest".
enum SSHHello {
    static func make(role: Role, code: String, username: String, fingerprint: String?, invite: String? = nil)
        -> ClientMessage.Hello
    {
        ClientMessage.Hello(role: role, code: code, name: name(username: username, fingerprint: fingerprint),
                            invite: invite)
    }

    /// The name shown for a session: the sanitised ssh user name for a key holder, else "Guest".
    static func name(username: String, fingerprint: String?) -> String {
        guard fingerprint != nil, let name = PlayerName.sanitise(username) else { return "Guest" }
        return name
    }
}
