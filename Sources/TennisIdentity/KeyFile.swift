import Foundation
import TennisProtocol

/// The native client's key on disk: two lines, `terminal-tennis ed25519 v1` and the key's 32-byte
/// seed in base64, in a file only its owner may read (mode 600). Made on first use; a file that
/// is there but unreadable, malformed or open to others is an error, never replaced.
public enum KeyFile {
    static let header = "terminal-tennis ed25519 v1"
    /// Far more than a key file holds: a bigger file is not read.
    static let maxBytes = 1024

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The key at `path`, made (with its folder) if there is no file there. `created` is true
    /// when it was made just now.
    public static func loadOrCreate(_ path: String) throws(Failure) -> (key: PlayerKey, created: Bool) {
        if FileManager.default.fileExists(atPath: path) { return (try load(path), false) }
        // Another process may have made one first: the key is whichever file is in place.
        guard try create(path, key: PlayerKey()) else { return (try load(path), false) }
        return (try load(path), true)
    }

    /// The key at `path`.
    public static func load(_ path: String) throws(Failure) -> PlayerKey {
        let keep = "; move it away to make a new identity (names claimed with the old key stay its)"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let handle = FileHandle(forReadingAtPath: path)
        else { throw Failure(description: "cannot read the identity key \(path)\(keep)") }
        defer { try? handle.close() }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw Failure(description: "the identity key \(path) may be read by others (mode "
                          + String(mode & 0o777, radix: 8) + "); run chmod 600 \(path)")
        }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else { throw Failure(description: "the identity key \(path) is too big\(keep)") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count == 2, lines[0] == header, let seed = Base64.decode(String(lines[1])),
              let key = PlayerKey(seed: seed)
        else { throw Failure(description: "the identity key \(path) is not a terminal-tennis key\(keep)") }
        return key
    }

    /// Writes a new key file; false if one appeared meanwhile (it is never overwritten).
    static func create(_ path: String, key: PlayerKey) throws(Failure) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(description: "cannot create the folder \(folder) for the identity key: "
                              + error.localizedDescription)
            }
        }
        // Written whole under a temporary name, then linked into place: another process starting
        // at the same moment sees either no key or a whole one, and one of the two keys wins.
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create the identity key \(path): " + String(cString: strerror(errno)))
        }
        defer { unlink(temporary) }
        let text = Array("\(header)\n\(Base64.encode(key.seed))\n".utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        let closed = close(descriptor)
        guard written == text.count, synced == 0, closed == 0 else {
            throw Failure(description: "cannot write the identity key \(path)")
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw Failure(description: "cannot create the identity key \(path): " + String(cString: strerror(errno)))
        }
        return true
    }
}
