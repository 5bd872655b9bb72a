/// Who an ssh session is: the key they logged in with, or nobody in particular.
public enum SSHIdentity: Sendable, Equatable {
    /// Public-key login: the key's `SHA256:…` fingerprint (OpenSSH's form).
    case key(fingerprint: String)
    /// Login without a key (the `none` method, for the user names in `SSHAuthDelegate.anonymousUsers`).
    case anonymous

    /// The fingerprint, or nil for an anonymous session.
    public var fingerprint: String? {
        if case .key(let fingerprint) = self { return fingerprint }
        return nil
    }
}
