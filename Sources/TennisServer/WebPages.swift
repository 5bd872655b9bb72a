import Hummingbird
import NIOCore
import TennisRecords

/// The pages for browsers: `GET /` lists the live matches, `GET /watch/CODE` watches one (the
/// page speaks the spectator protocol itself over `/ws`), `GET /web/NAME` serves their scripts,
/// style sheet and the court surfaces. Every answer carries the same strict headers.
enum WebPages {
    /// Scripts and styles only from this server, no inline code, no plugins, no frames; the
    /// page may open WebSockets to any host because a cluster's `moved` sends it to another node.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'none'"

    static func headers(contentType: String) -> HTTPFields {
        [.contentType: contentType, .cacheControl: "no-cache", .contentSecurityPolicy: contentSecurityPolicy,
         .xContentTypeOptions: "nosniff",
         // A private match's page URL carries its invite secret: never pass it on.
         referrerPolicy: "no-referrer"]
    }

    private static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    /// What a malformed match code or an unknown file gets (it never echoes the request).
    static let notFoundPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found · Terminal Tennis</title>
        <link rel="stylesheet" href="/web/tennis.css"></head>
        <body><main class="notice"><h1>No such page</h1>
        <p>A watch link looks like <code>/watch/K7QM2P</code>: six letters and digits, the match's join code.</p>
        <p><a href="/">Live matches on this server</a></p></main></body></html>

        """

    static func notFound() -> Response {
        Response(status: .notFound, headers: headers(contentType: "text/html; charset=utf-8"),
                 body: .init(byteBuffer: ByteBuffer(string: notFoundPage)))
    }

    static func serve(_ file: WebAssets.File) -> Response {
        Response(status: .ok, headers: headers(contentType: file.contentType), body: .init(byteBuffer: file.bytes))
    }
}

/// Adds the browser pages; without `assets` (the server found no `assets/web/`) they answer 404
/// with a sentence saying so.
func addWebPages(to router: Router<TennisRequestContext>, assets: WebAssets?) {
    @Sendable func page(_ name: String) -> Response {
        guard let file = assets?.file(name) else {
            return Response(status: .notFound, headers: WebPages.headers(contentType: "text/plain; charset=utf-8"),
                            body: .init(byteBuffer: ByteBuffer(string: "this server was started without its web pages (assets/web was not found)\n")))
        }
        return WebPages.serve(file)
    }
    router.get("/") { _, _ in page("lobby.html") }
    // Any well-formed code gets the page, known here or not: the page learns over /ws whether the
    // match exists (or lives on another node), where failed joins are counted and throttled, so
    // this route tells nobody which private codes exist.
    router.get("/watch/:code") { _, context in
        guard let code = context.parameters.get("code"), Secrets.isMatchCode(code) else { return WebPages.notFound() }
        return page("watch.html")
    }
    router.get("/web/:file") { _, context in
        guard let name = context.parameters.get("file"), WebAssets.servedNames.contains(name),
              let file = assets?.file(name) else { return WebPages.notFound() }
        return WebPages.serve(file)
    }
}
