import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TennisProtocol

/// Reads one of a server's history routes (`/api/...`): the body of a 200 answer, or a
/// `CommandFailure` saying why not (`missing` words a refusal, given the server's own reason).
func fetchHistory(_ path: String, from server: String, missing: (String) -> String) async throws -> Data {
    let base = try ServerURL.httpBase(server)
    guard let url = URL(string: base + path) else { throw CommandFailure("bad server URL \(server)") }
    let body: Data
    let response: URLResponse
    do {
        (body, response) = try await URLSession.shared.data(from: url)
    } catch {
        throw CommandFailure("cannot reach \(base): \(error.localizedDescription)")
    }
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == 200 else {
        let message = (try? UntrustedJSON.decode([String: String].self, from: body, gate: .serverAnswer))?["error"]
        throw CommandFailure(missing(message ?? "HTTP \(status)"))
    }
    return body
}

extension String {
    /// The string as one path segment of a URL.
    var pathSegment: String { addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self }

    /// The string as the value of a URL query parameter.
    var queryValue: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}
