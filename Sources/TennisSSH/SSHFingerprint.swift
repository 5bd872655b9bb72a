import Crypto
import Foundation
import NIOSSH

/// OpenSSH's key fingerprint: `SHA256:` and the unpadded base64 of the SHA-256 of the key blob.
public enum SSHFingerprint {
    /// The fingerprint of a public key.
    public static func of(_ key: NIOSSHPublicKey) -> String {
        of(openSSHPublicKey: String(openSSHPublicKey: key)) ?? "SHA256:?"
    }

    /// The fingerprint of an `ssh-ed25519 AAAA…` line, or nil when its blob is not base64.
    public static func of(openSSHPublicKey line: String) -> String? {
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else { return nil }
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}
