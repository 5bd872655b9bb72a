import Foundation
import TennisClient
import TennisProtocol
import TennisRecords
import TerminalUI

/// The menu's lobby: a server's live matches, fetched every two seconds while it is open.
/// Enter takes a free seat, or watches a match that has its two players ("watch instead").
@MainActor
enum LobbyScreen {
    static let refreshSeconds = 2.0

    /// Runs the lobby on `server`; returns when the player backs out (or after a match, with its outcome).
    /// - Parameter hello: builds the hello of a seat or a watch (the ssh gateway's adds its identity).
    /// - Parameter rememberSeat: save a taken seat's token in the config directory (not on a server).
    /// - Parameter identity: who a player taking a seat is (see `PlayScreen.run`).
    static func run(_ term: any TerminalDevice, server: String, name: String, identity: PlayIdentity,
                    rememberSeat: Bool = true,
                    hello makeHello: ((Role, String) -> ClientMessage.Hello)? = nil) async throws -> PlayOutcome? {
        let base = try ServerURL.httpBase(server)
        let endpoint = try ServerURL.endpoint(server)
        var rows: [MatchSummary] = []
        var selected = 0
        var status = "asking \(base)…"
        var fetchedAt: Double?
        /// The fetch under way writes its answer here (on the main actor); the loop picks it up.
        let answer = Answer()
        var fetching = false
        while !term.hungUp {
            let now = MonotonicClock.seconds()
            if !fetching, fetchedAt.map({ now - $0 >= refreshSeconds }) ?? true {
                fetching = true
                Task { @MainActor in
                    do { answer.result = .success(try await fetch(base: base)) } catch { answer.result = .failure(error) }
                }
            }
            if let result = answer.result {
                answer.result = nil
                fetching = false
                fetchedAt = now
                switch result {
                case .success(let fresh):
                    // Keep the selection on the same match as rows come and go.
                    let code = rows.indices.contains(selected) ? rows[selected].code : nil
                    rows = fresh
                    selected = code.flatMap { code in rows.firstIndex { $0.code == code } } ?? min(selected, max(0, rows.count - 1))
                    status = "\(rows.count) live \(rows.count == 1 ? "match" : "matches") · refreshed every 2 s"
                case .failure(let error):
                    status = "\(error)"
                }
            }
            let (width, height) = term.size
            term.draw(LobbyRenderer.render(LobbyScene(server: base, rows: rows, selected: selected, status: status),
                                           width: width, height: height))
            for key in term.readKeys() {
                if key == KeyCode.ctrlC { return nil }
                let watchKey = key == Int32(UInt8(ascii: "w")) || key == Int32(UInt8(ascii: "W"))
                if key == Int32(UInt8(ascii: "r")) || key == Int32(UInt8(ascii: "R")) { fetchedAt = nil; continue }
                switch KeyMap.menu.action(for: key) {
                case .up? where !rows.isEmpty: selected = (selected + rows.count - 1) % rows.count
                case .down? where !rows.isEmpty: selected = (selected + 1) % rows.count
                case .quit?, .back?: return nil
                case _ where (watchKey || KeyMap.menu.action(for: key) == .select) && rows.indices.contains(selected):
                    let row = rows[selected]
                    let asPlayer = row.hasFreeSeat && !watchKey
                    if row.state == "finished" {
                        status = "\(row.code) is over: replay it with tennis replay \(row.code) --server \(server)"
                        continue
                    }
                    let role: Role = asPlayer ? .player : .spectator
                    let hello = makeHello?(role, row.code) ?? ClientMessage.Hello(role: role, code: row.code, name: name)
                    let outcome = await PlayScreen.run(endpoint: endpoint, hello: hello, identity: identity, hostInfo: nil,
                                                       terminal: term, rememberSeat: asPlayer && rememberSeat)
                    term.invalidate()
                    if outcome.errorCode == "match_full" {
                        // Taken a moment ago: offer to watch instead.
                        status = "\(row.code) filled up just now: W to watch it instead"
                        fetchedAt = nil
                        continue
                    }
                    if let message = outcome.errorMessage, outcome.shown, outcome.next == nil {
                        // Seen on the match screen already: back to the list, saying it once more.
                        status = "\(row.code): \(message)"
                        fetchedAt = nil
                        continue
                    }
                    if outcome.errorMessage != nil || outcome.next != nil { return outcome }
                    fetchedAt = nil
                default: break
                }
            }
            await term.waitForInput(upTo: .milliseconds(500))
        }
        return nil
    }

    @MainActor
    final class Answer {
        var result: Result<[MatchSummary], any Error>?
    }

    static func fetch(base: String) async throws -> [MatchSummary] {
        try ListCommand.matches(try await ListCommand.fetch(base: base), base: base)
    }
}
