import Foundation
import Hummingbird
import Logging
import TennisRecords

/// `GET /api/matches/ID`, `GET /api/matches/ID/replay` and `GET /api/players/NAME`, answered from
/// `history`; without one (a server started with no database) every answer is a 404 that says so.
/// A private match's record and replay need `?invite=SECRET`; without it, or with a wrong one, the
/// answer is the 404 of a match that does not exist.
/// A history that fails, or does not answer within `timeoutSeconds` (a cluster's PostgreSQL that
/// hangs), gets a 503 with a JSON error; so does every request, at once and unasked, while the
/// cluster's directory (`link`, in the same PostgreSQL) is known to be down.
func addHistoryRoutes(to router: Router<TennisRequestContext>, history: (any MatchHistory)?,
                      timeoutSeconds: Double = 3, link: DirectoryLink? = nil,
                      logger: Logger = Logger(label: "tennis.server")) {
    /// Reads the history, or answers 503 for it.
    @Sendable func read<T: Sendable>(_ query: @escaping @Sendable () async throws -> T) async -> Result<T, HistoryUnavailable> {
        if link?.isDown == true {
            logger.debug("the match history is not read while the cluster's database is down")
            return .failure(HistoryUnavailable(reason: "cannot be reached (the cluster's database is down)"))
        }
        do {
            return .success(try await withDeadline(seconds: timeoutSeconds, "the match history", query))
        } catch {
            logger.warning("the match history could not be read", metadata: ["error": "\(error)"])
            let reason = error is DeadlineExceeded ? "did not answer within \(timeoutSeconds) s" : "could not be read"
            return .failure(HistoryUnavailable(reason: reason))
        }
    }
    router.get("/api/matches/:id") { request, context in
        let id = context.parameters.get("id") ?? "", invite = request.uri.queryParameters.get("invite")
        guard let history else { return noHistory() }
        switch await read({ try await history.match(id: id, invite: invite) }) {
        case .failure(let unavailable): return unavailable.response
        case .success(nil): return notFound("no finished match '\(id)'")
        case .success(let match?): return try historyJSON(match)
        }
    }
    router.get("/api/matches/:id/replay") { request, context in
        let id = context.parameters.get("id") ?? "", invite = request.uri.queryParameters.get("invite")
        guard let history else { return noHistory() }
        switch await read({ try await history.replayFile(id: id, invite: invite) }) {
        case .failure(let unavailable): return unavailable.response
        case .success(nil): return notFound("no finished match '\(id)'")
        case .success(let file?):
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file)))
        }
    }
    router.get("/api/players/:name") { _, context in
        let name = context.parameters.get("name") ?? ""
        guard let history else { return noHistory() }
        switch await read({ try await history.player(name: name) }) {
        case .failure(let unavailable): return unavailable.response
        case .success(nil): return notFound("no player named '\(name)'")
        case .success(let player?): return try historyJSON(player)
        }
    }
}

/// The history could not be read: 503 with `{"error": …}` (try again later).
struct HistoryUnavailable: Error {
    var reason: String

    var response: Response {
        errorJSON("the match history \(reason); try again shortly", status: .serviceUnavailable)
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
    errorJSON(message, status: .notFound)
}

private func errorJSON(_ message: String, status: HTTPResponse.Status) -> Response {
    let data = (try? JSONEncoder().encode(["error": message])) ?? Data()
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
