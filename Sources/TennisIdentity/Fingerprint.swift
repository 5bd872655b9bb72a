import Crypto
import TennisProtocol

/// Key fingerprints as OpenSSH prints them (`ssh-keygen -lf`): `SHA256:` and the unpadded base64
/// of the SHA-256 of the key's ssh wire form. A native Ed25519 key and an ssh key are named alike,
/// so a name is claimed by one fingerprint whichever way its player came in.
public enum Fingerprint {
    /// The fingerprint of an Ed25519 public key (32 bytes): the same as `ssh-keygen -lf` shows
    /// for that key as an `ssh-ed25519` key.
    public static func ed25519(publicKey: [UInt8]) -> String {
        var blob: [UInt8] = []
        append(Array("ssh-ed25519".utf8), to: &blob)
        append(publicKey, to: &blob)
        return of(sshKeyBlob: blob)
    }

    /// The fingerprint of a public key in ssh wire form (RFC 4253 section 6.6), any algorithm.
    public static func of(sshKeyBlob blob: [UInt8]) -> String {
        "SHA256:" + Base64.encode(Array(SHA256.hash(data: blob)), padded: false)
    }

    /// An ssh `string`: a big-endian 32-bit length, then the bytes.
    private static func append(_ bytes: [UInt8], to blob: inout [UInt8]) {
        let count = UInt32(bytes.count)
        blob += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        blob += bytes
    }
}
