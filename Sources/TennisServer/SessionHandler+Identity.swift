import TennisIdentity
import TennisProtocol
import TennisRecords

/// A player's identity at the hello: the key its `identity` proves, and whether the name it asks
/// for is its to use on this server (or cluster).
extension SessionHandler {
    /// The fingerprint a player's hello proves (nil: an anonymous player, or a spectator, whose
    /// identity is not looked at); throws `bad_signature` for a proof that does not check out.
    func identify(_ hello: ClientMessage.Hello, nonce: String?, peer: String) throws(SessionFailure) -> String? {
        guard hello.role == .player, let identity = hello.identity else { return nil }
        switch IdentityCheck.verify(identity, nonce: nonce, code: hello.code, name: hello.name,
                                    gateway: lobby.gateway) {
        case .success(let fingerprint):
            return fingerprint
        case .failure(let refusal):
            // Counted like a wrong seat token: guessing is limited per address.
            admission.failedJoin(peer: peer, nowMicros: MonotonicClock.micros())
            throw SessionFailure(code: IdentityErrors.badSignature, message: refusal.description,
                                 close: WireProtocol.CloseCode.forbidden)
        }
    }

    /// Nil when the player may use the name it gave (claiming it for its key if nobody has);
    /// else why not: `name_claimed`, or `claims_unavailable` when the claims cannot be read in
    /// time (the directory timeout).
    func checkClaim(_ hello: ClientMessage.Hello, fingerprint: String?) async -> SessionFailure? {
        let name = MatchHost.displayName(hello.name)
        let claims = lobby.claims
        let answer: NameClaim?
        do {
            // A store that hangs is left behind at the timeout (even if it ignores cancellation).
            answer = try await withDeadline(seconds: settings.directoryTimeoutSeconds, "the name claims") {
                try await claims.claim(name: name, fingerprint: fingerprint)
            }
        } catch {
            logger.warning("could not check a name claim", metadata: ["error": "\(String(reflecting: error))"])
            answer = nil
        }
        switch answer {
        case .owned(let newly)?:
            if newly { logger.info("name claimed", metadata: ["name": "\(name)", "fingerprint": "\(fingerprint ?? "")"]) }
            return nil
        case .anonymous?:
            return nil
        case .taken?:
            return SessionFailure(
                code: IdentityErrors.nameClaimed,
                message: fingerprint == nil
                    ? "the name \(name) belongs to a player with a key on this server; choose another name"
                    : "the name \(name) belongs to another key on this server; choose another name",
                close: WireProtocol.CloseCode.forbidden)
        case nil:
            return SessionFailure(code: IdentityErrors.claimsUnavailable,
                                  message: "cannot check who owns the name \(name) just now; try again shortly",
                                  close: WireProtocol.CloseCode.serverShutdown)
        }
    }
}

/// The error codes of the identity handshake (docs/PROTOCOL.md).
enum IdentityErrors {
    /// The hello's `identity` does not prove its key: close 4403.
    static let badSignature = "bad_signature"
    /// Another key (or, for an anonymous player, any key) holds the name: close 4403.
    static let nameClaimed = "name_claimed"
    /// The claims could not be read: close 4503, try again.
    static let claimsUnavailable = "claims_unavailable"
}
