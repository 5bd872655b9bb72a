import Foundation
import Testing
@testable import TennisSSH

@Suite struct SSHHostKeyTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tennis-hostkey-\(UUID().uuidString)").path
    }

    @Test func aMissingKeyIsCreatedWithMode600AndReadBackTheSame() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (first, created) = try SSHHostKey.loadOrCreate(at: path)
        #expect(created)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (again, createdAgain) = try SSHHostKey.loadOrCreate(at: path)
        #expect(!createdAgain)
        #expect(again.fingerprint == first.fingerprint)
        #expect(first.fingerprint.hasPrefix("SHA256:"))
        #expect(first.fingerprint.count == 7 + 43)  // 32 bytes in unpadded base64
    }

    @Test func aBadKeyFileIsAClearErrorNotANewKey() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "not a key\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SSHHostKeyError.self) { try SSHHostKey.loadOrCreate(at: path) }
        do {
            _ = try SSHHostKey.loadOrCreate(at: path)
        } catch {
            #expect(error.description.contains("is not an ssh host key"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a key\n")
    }

    @Test func anUnreadableKeyFileIsAClearError() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SSHHostKeyError.self) { try SSHHostKey.loadOrCreate(at: path) }
    }

    @Test func theFingerprintIsOpenSSHs() {
        // `ssh-keygen -lf` of this public key printed the expected fingerprint.
        let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIryZkDa0t2gz9oiomXOOOdHpfihsOs1FAjJ9SOf/yFg test"
        #expect(SSHFingerprint.of(openSSHPublicKey: line) == Self.expected)
        #expect(SSHFingerprint.of(openSSHPublicKey: "ssh-ed25519 !!!") == nil)
    }

    static let expected = "SHA256:JPWM9tt2FyV966k9Hn7RG1TSYZ5MNA53/8msvaYlE9A"
}
