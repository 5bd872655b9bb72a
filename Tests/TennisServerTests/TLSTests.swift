import Foundation
import TestSupport
import TennisClient
import TennisProtocol
import Testing

@testable import TennisServer

/// A self-signed certificate for 127.0.0.1 made with openssl for this test run.
struct TestCertificate {
    let certificate: String
    let key: String

    static func make() async throws -> TestCertificate? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let made = try await runTool("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        guard made.status == 0 else { return nil }
        return TestCertificate(certificate: cert, key: key)
    }
}

@Suite struct TLSTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func wssWorksWithTheCATrustedAndIsRefusedWithout() async throws {
        let files = try #require(try await TestCertificate.make())
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        settings.tls = try TLSFiles.server(certificate: files.certificate, key: files.key)
        try await TestServer.with(settings) { server in
            let code = try server.lobby.createMatch(seed: 1)
            let url = "wss://localhost:\(server.port)/ws"

            let trusted = Recorder()
            let client = GameClient.forTest(url: url, hello: .init(role: .spectator, code: code, name: "t"), pingInterval: 0,
                                            tls: try TLSFiles.client(trusting: files.certificate), logger: quiet)
            let task = trusted.consume(client)
            #expect(await trusted.until(seconds: 30) { $0.snapshots > 0 })
            #expect(trusted.read { $0.welcome?.code } == code, "\(String(describing: trusted.read { $0.closed }))")
            client.close()
            await task.value

            let untrusted = Recorder()
            await untrusted.consume(GameClient.forTest(url: url, hello: .init(role: .spectator, code: code, name: "u"),
                                                       pingInterval: 0, tls: try TLSFiles.client(trusting: nil),
                                                       logger: quiet)).value
            #expect(untrusted.read { $0.welcome } == nil)
            #expect(untrusted.read { $0.closed?.1 }?.contains("not trusted") == true)
        }
    }

    @Test func badCertificateFilesAreNamedInTheError() {
        #expect(throws: TLSFiles.Problem.self) { try TLSFiles.server(certificate: "/nonexistent.pem", key: "/k.pem") }
        #expect(throws: TLSFiles.Problem.self) { try TLSFiles.client(trusting: "/nonexistent-ca.pem") }
    }
}
