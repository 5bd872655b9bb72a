import Crypto
import Foundation
import NIOSSH

/// The ssh server's Ed25519 host key, kept in one file that the server creates on first run.
///
/// The file holds one line, `tennis-ssh-host-key ed25519 BASE64`, where BASE64 is the 32-byte
/// private key; it is written with mode 600. A file that is present but unreadable, in another
/// format or of the wrong length is an error at start, never a fresh key in its place.
public struct SSHHostKey: Sendable {
    /// The key NIOSSH signs the key exchange with.
    public let privateKey: NIOSSHPrivateKey
    /// The public key as OpenSSH prints it: `ssh-ed25519 AAAA…`.
    public let openSSHPublicKey: String
    /// `SHA256:…`, as `ssh-keygen -lf` and the ssh client's first-connection prompt print it.
    public let fingerprint: String

    static let marker = "tennis-ssh-host-key ed25519 "

    init(_ key: Curve25519.Signing.PrivateKey) {
        privateKey = NIOSSHPrivateKey(ed25519Key: key)
        openSSHPublicKey = String(openSSHPublicKey: privateKey.publicKey)
        fingerprint = SSHFingerprint.of(openSSHPublicKey: openSSHPublicKey) ?? "SHA256:?"
    }

    /// Reads the key at `path`, or creates it (mode 600) when no file is there.
    /// Returns the key and whether it was created now.
    public static func loadOrCreate(at path: String) throws(SSHHostKeyError) -> (key: SSHHostKey, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            return (try load(at: path), false)
        }
        let key = Curve25519.Signing.PrivateKey()
        let line = marker + key.rawRepresentation.base64EncodedString() + "\n"
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw .cannotWrite(path) }
        return (SSHHostKey(key), true)
    }

    /// Reads an existing key file; never creates one.
    public static func load(at path: String) throws(SSHHostKeyError) -> SSHHostKey {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotRead(path) }
        defer { try? handle.close() }
        // A host key line is under 100 bytes: read a little more than that and no further.
        let data = (try? handle.read(upToCount: 512)) ?? nil
        guard let data, let text = String(data: data, encoding: .utf8) else { throw .malformed(path) }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(marker),
              let raw = Data(base64Encoded: String(line.dropFirst(marker.count))),
              raw.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .malformed(path) }
        return SSHHostKey(key)
    }
}

/// Why the host key could not be used; the server refuses to start with it.
public struct SSHHostKeyError: Error, CustomStringConvertible, Equatable {
    private enum Kind: Equatable { case cannotRead, cannotWrite, malformed }
    private let kind: Kind
    private let path: String

    static func cannotRead(_ path: String) -> Self { .init(kind: .cannotRead, path: path) }
    static func cannotWrite(_ path: String) -> Self { .init(kind: .cannotWrite, path: path) }
    static func malformed(_ path: String) -> Self { .init(kind: .malformed, path: path) }

    public var description: String {
        switch kind {
        case .cannotRead: "cannot read the ssh host key file \(path)"
        case .cannotWrite: "cannot create the ssh host key file \(path)"
        case .malformed:
            "\(path) is not an ssh host key written by tennis (expected one line 'tennis-ssh-host-key ed25519 BASE64'); "
                + "move it away to have a new key made"
        }
    }
}
