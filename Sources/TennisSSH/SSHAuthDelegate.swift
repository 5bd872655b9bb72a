import NIOCore
import NIOSSH

/// Logs a connection in: any public key (NIOSSH has checked its signature; its fingerprint
/// becomes the session's identity) or, for the user names `guest` and `anonymous` only, no
/// authentication at all (an anonymous session). Passwords and host-based logins are refused.
///
/// Anonymous login is tied to those names because OpenSSH tries `none` first: accepting it for
/// everyone would log every key holder in anonymously before their key was offered.
/// One per connection; it lives on the connection's event loop.
final class SSHAuthDelegate: NIOSSHServerUserAuthenticationDelegate {
    static let anonymousUsers: Set<String> = ["guest", "anonymous"]

    /// Set once a login succeeded.
    private(set) var identity: SSHIdentity?
    private(set) var username = ""
    /// Called on the event loop when a login succeeds.
    var onLogin: (() -> Void)?

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest,
                         responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        guard identity == nil else {
            responsePromise.succeed(.failure)
            return
        }
        switch request.request {
        case .publicKey(let key):
            login(.key(fingerprint: SSHFingerprint.of(key.publicKey)), username: request.username)
            responsePromise.succeed(.success)
        case .none where Self.anonymousUsers.contains(request.username):
            login(.anonymous, username: request.username)
            responsePromise.succeed(.success)
        default:
            responsePromise.succeed(.failure)
        }
    }

    private func login(_ identity: SSHIdentity, username: String) {
        self.identity = identity
        self.username = username
        onLogin?()
    }
}
