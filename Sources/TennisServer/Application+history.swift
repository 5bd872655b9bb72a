import Foundation
import Hummingbird
import HummingbirdWebSocket

/// `GET /api/matches/ID`, `GET /api/matches/ID/replay` and `GET /api/players/NAME`, answered from
/// `history`; without one (a server started with no database) every answer is a 404 that says so.
func addHistoryRoutes(to router: Router<TennisRequestContext>, history: (any MatchHistory)?) {
    router.get("/api/matches/:id") { _, context in
        let id = context.parameters.get("id") ?? ""
        guard let history else { return noHistory() }
        guard let match = try await history.match(id: id) else { return notFound("no finished match '\(id)'") }
        return try historyJSON(match)
    }
    router.get("/api/matches/:id/replay") { _, context in
        let id = context.parameters.get("id") ?? ""
        guard let history else { return noHistory() }
        guard let file = try await history.replayFile(id: id) else { return notFound("no finished match '\(id)'") }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                        body: .init(byteBuffer: ByteBuffer(bytes: file)))
    }
    router.get("/api/players/:name") { _, context in
        let name = context.parameters.get("name") ?? ""
        guard let history else { return noHistory() }
        guard let player = try await history.player(name: name) else { return notFound("no player named '\(name)'") }
        return try historyJSON(player)
    }
}

private func historyJSON(_ value: some Encodable) throws -> Response {
    let data = try HistoryJSON.encoder().encode(value)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

private func noHistory() -> Response {
    notFound("this server keeps no match history (start it with a database, e.g. tennis serve --db PATH)")
}

private func notFound(_ message: String) -> Response {
    let data = (try? JSONEncoder().encode(["error": message])) ?? Data()
    return Response(status: .notFound, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
