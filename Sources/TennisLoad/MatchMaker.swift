import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import TennisProtocol
#endif

/// Creates matches through the server's HTTP API (`POST /api/matches`).
enum MatchMaker {
    static func create(host: String, port: Int, seed: UInt64) async throws -> String {
        guard let url = URL(string: "http://\(host):\(port)/api/matches") else { throw LoadError("bad server address") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data("{\"seed\":\(seed)}".utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        struct Created: Decodable { var code: String }
        guard status == 201, let created = try? UntrustedJSON.decode(Created.self, from: data, gate: .serverAnswer) else {
            throw LoadError("creating a match failed (HTTP \(status)): \(String(decoding: data, as: UTF8.self))")
        }
        return created.code
    }
}
