import Foundation
import TennisProtocol

/// The link that watches a match in a browser: the server's `GET /watch/CODE` page.
enum WatchLink {
    /// `ws://h:p` (or `h:p`) → `http://h:p/watch/CODE`, `wss://h` → `https://h/watch/CODE`; a private
    /// match's invite goes along as `?invite=`, since the page cannot watch it without.
    static func url(server: String, code: String, invite: String? = nil) throws -> String {
        let base = try ServerURL.httpBase(server) + "/watch/" + code.uppercased()
        guard let invite, !invite.isEmpty else { return base }
        return base + "?invite=" + (invite.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
