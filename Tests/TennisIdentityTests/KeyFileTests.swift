import Foundation
import TennisIdentity
import Testing

@Suite struct KeyFileTests {
    private func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tennis-key-\(UUID().uuidString)").path
    }

    @Test func aKeyIsMadeOnFirstUseWithMode600AndReadBackTheSame() throws {
        let base = folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let path = base + "/terminal-tennis/identity.key"
        let (made, created) = try KeyFile.loadOrCreate(path)
        #expect(created)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (again, createdAgain) = try KeyFile.loadOrCreate(path)
        #expect(!createdAgain)
        #expect(again.fingerprint == made.fingerprint)
        #expect(made.fingerprint.hasPrefix("SHA256:") && made.fingerprint.count == 50)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base + "/terminal-tennis")
        #expect(leftovers == ["identity.key"], "no temporary file is left behind")
    }

    @Test func aCorruptKeyIsAClearErrorAndIsNeverReplaced() throws {
        let base = folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let path = base + "/identity.key"
        for text in ["garbage", "terminal-tennis ed25519 v1\nAAAA\n", "terminal-tennis ed25519 v1\n",
                     String(repeating: "x", count: 5000)] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            #expect(throws: KeyFile.Failure.self) { try KeyFile.loadOrCreate(path) }
            #expect(FileManager.default.contents(atPath: path) == Data(text.utf8), "the file is left as it was")
        }
        do {
            _ = try KeyFile.loadOrCreate(path)
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("move it away"))
        }
    }

    @Test func aKeyOthersMayReadIsRefused() throws {
        let base = folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let path = base + "/identity.key"
        _ = try KeyFile.loadOrCreate(path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        do {
            _ = try KeyFile.load(path)
            Issue.record("a key readable by others was used")
        } catch {
            #expect(error.description.contains("chmod 600"))
        }
    }
}
