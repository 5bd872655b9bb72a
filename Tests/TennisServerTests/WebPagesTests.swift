import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TennisServer

/// The browser pages' routes on a real server: what is served, with which headers, and what is not.
@Suite struct WebPagesTests {
    /// The repository's assets/ (this file is Tests/TennisServerTests/WebPagesTests.swift).
    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("assets")
    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; "
        + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Runs `body` against a server with (or without) the web pages, and awaits its shutdown.
    func withServer(pages: Bool = true, _ body: (TestServer) async throws -> Void) async throws {
        var settings = ServerConfiguration(host: "127.0.0.1", port: 0)
        if pages { settings.webAssetsDirectory = Self.assets.path }
        let server = try await TestServer.start(settings)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func get(_ server: TestServer, _ path: String) async throws -> (status: Int, headers: [String: String], body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: server.httpBase + path)!)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in http.allHeaderFields { headers[name.lowercased()] = value }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }

    func expectStrictHeaders(_ headers: [String: String], _ path: String) {
        #expect(headers["content-security-policy"] == Self.policy, "\(path)")
        #expect(headers["cache-control"] == "no-cache", "\(path)")
        #expect(headers["x-content-type-options"] == "nosniff", "\(path)")
        #expect(headers["referrer-policy"] == "no-referrer", "\(path)")
    }

    @Test func watchPageForAnyWellFormedCode() async throws {
        try await withServer { server in
            let code = try server.lobby.createMatch(seed: 1)
            // A live match, an unknown code (the page finds out over /ws) and a lower-case one look alike.
            for path in ["/watch/\(code)", "/watch/ZZZZ22", "/watch/\(code.lowercased())"] {
                let page = try await get(server, path)
                #expect(page.status == 200, "\(path)")
                #expect(page.headers["content-type"] == "text/html; charset=utf-8")
                #expect(page.body.contains(#"<script type="module" src="/web/watch.js"></script>"#))
                expectStrictHeaders(page.headers, path)
            }
        }
    }

    @Test(arguments: ["/watch/QWXYZ", "/watch/QWXYZ23", "/watch/QWXYZL", "/watch/QW%3Cb%3E2", "/watch/", "/web/..%2FPackage.swift",
                      "/web/missing.js", "/web/watch.html"])
    func badPathsGetTheNotFoundPage(path: String) async throws {
        try await withServer { server in
            let page = try await get(server, path)
            #expect(page.status == 404)
            if path != "/watch/" {  // no route at all there: the router's own 404
                #expect(page.headers["content-type"] == "text/html; charset=utf-8")
                #expect(page.body.contains("No such page"))
                #expect(!page.body.contains("QWXYZ") && !page.body.contains("QW<b>"), "the request is never echoed")
                expectStrictHeaders(page.headers, path)
            }
        }
    }

    @Test func lobbyScriptsStyleAndSurfaces() async throws {
        try await withServer { server in
            let lobby = try await get(server, "/")
            #expect(lobby.status == 200)
            #expect(lobby.headers["content-type"] == "text/html; charset=utf-8")
            #expect(lobby.body.contains("/web/lobby.js"))
            expectStrictHeaders(lobby.headers, "/")
            let types = ["watch.js": "text/javascript; charset=utf-8", "tennis.css": "text/css; charset=utf-8",
                         "surfaces.json": "application/json"]
            for (name, type) in types {
                let file = try await get(server, "/web/\(name)")
                #expect(file.status == 200, "\(name)")
                #expect(file.headers["content-type"] == type, "\(name)")
                expectStrictHeaders(file.headers, name)
            }
            let surfaces = try await get(server, "/web/surfaces.json")
            #expect(surfaces.body == (try String(contentsOf: Self.assets.appendingPathComponent("surfaces.json"), encoding: .utf8)))
        }
    }

    /// Every file a page or a module names is served: a module added to assets/web/ but not to
    /// `WebAssets.servedNames` would break the page only in a browser.
    @Test func everyReferencedFileIsServed() async throws {
        try await withServer { server in
            var names: Set<String> = []
            let web = Self.assets.appendingPathComponent("web")
            for file in try FileManager.default.contentsOfDirectory(atPath: web.path) {
                let text = try String(contentsOf: web.appendingPathComponent(file), encoding: .utf8)
                for pattern in [#"/web/([a-z]+\.[a-z]+)"#, #"from '\./([a-z]+\.js)'"#] {
                    let regex = try NSRegularExpression(pattern: pattern)
                    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        names.insert(String(text[Range(match.range(at: 1), in: text)!]))
                    }
                }
                if file.hasSuffix(".html") {
                    // The policy allows no inline script or style.
                    #expect(!text.contains("<script>") && !text.contains("style=") && !text.contains("<style"), "\(file)")
                }
            }
            #expect(names.isSuperset(of: ["watch.js", "session.js", "protocol.js", "surfaces.json", "tennis.css"]))
            for name in names {
                #expect(try await get(server, "/web/\(name)").status == 200, "\(name)")
            }
        }
    }

    @Test func withoutItsFilesTheServerSaysSo() async throws {
        try await withServer(pages: false) { server in
            let lobby = try await get(server, "/")
            #expect(lobby.status == 404)
            #expect(lobby.body.contains("assets/web was not found"))
            #expect(try await get(server, "/watch/K7QM2P").status == 404)
            #expect(try await get(server, "/healthz").status == 200)
        }
        #expect(throws: (any Error).self) { try WebAssets.load(assetsDirectory: "/nonexistent") }
    }
}
