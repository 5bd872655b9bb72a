import TennisCore
import TennisProtocol

/// The link's edges: open, redirect, refusal, loss, backoff, give up, leave.
extension MatchSession {
    mutating func connect(now: Double, into actions: inout [Action]) {
        let link = Link(id: nextLink, url: url, startedAt: now)
        nextLink += 1
        phase = .linked(link)
        lastSent = .idle
        actions.append(.connect(link: link.id, url: url, hello: hello))
    }

    /// What a link event means for the link itself (the match state follows in `apply`).
    mutating func note(_ event: ClientEvent, on link: inout Link, now: Double, into actions: inout [Action]) {
        switch event {
        case .opened:
            link.opened = true
        case .moved(let redirect) where event.movedTo != nil && redirects < settings.maxRedirects:
            // The match lives on another node of the cluster: follow it there when this link closes.
            link.redirect = redirect
        case .error("bad_reservation", _) where hello.reservation != nil:
            // The seat held for us lapsed: ask again as a plain join.
            link.reservationRefused = true
        case .welcome(let welcome):
            link.welcomed = true
            everWelcomed = true
            attempt = 0
            redirects = 0
            lostAt = nil
            // A reservation is single use; from now on the seat token brings us back.
            if let token = welcome.token { hello.token = token }
            hello.reservation = nil
            if settings.rememberSeat, let token = welcome.token {
                actions.append(.saveSeat(token: token, code: welcome.code))
            }
        default:
            break
        }
    }

    /// A link closed (or was abandoned): follow a redirect, retry, or end the session.
    mutating func linkEnded(_ link: Link, code: UInt16?, reason: String?, now: Double, into actions: inout [Action]) {
        presenter.linkUp = false
        if leaving {
            return end(code: code, reason: reason, left: true, into: &actions)
        }
        if let rematchMade {
            let ending = Ending(reason: "rematch", left: true, rematch: rematchMade)
            phase = .ended(ending)
            return actions.append(.ended(ending))
        }
        if let redirect = link.redirect {
            redirects += 1
            url = redirect.url
            hello.reservation = redirect.reservation
            actions.append(.notice("the match is on \(redirect.url): following it there"))
            return connect(now: now, into: &actions)
        }
        if link.reservationRefused {
            hello.reservation = nil
            actions.append(.notice("the seat held for us lapsed: asking again"))
            return connect(now: now, into: &actions)
        }
        // A refusal, a host who left, a closed match, or a match that is over: nothing to come back to.
        // A server going away closes a connection it accepted on the way down with 1000 or 1001
        // and no word (its refusals come as an error first): on the way back to a match we were
        // in, that is a server still stopping, and worth another try.
        let goingAway = (code == 1000 || code == 1001) && everWelcomed && !link.welcomed
        if (WireProtocol.CloseReason.isFinal(code: code, reason: reason) && !goingAway)
            || snapshot?.status == .finished {
            return end(code: code, reason: reason, into: &actions)
        }
        // A node that died after the directory sent us to it refuses at once: ask the first
        // server again, which looks the match up afresh (a dead node's rows stop being offered).
        let deadRedirect = !link.opened && link.url != settings.url
        // A cluster node that could not reach its directory: the match may exist; ask again.
        let directoryDown = reason == WireProtocol.CloseReason.directoryUnavailable
        // A first link that never got in is reported, not retried: the address is probably wrong.
        guard settings.retry.giveUpAfter > 0, everWelcomed || deadRedirect || directoryDown else {
            return end(code: code, reason: reason, into: &actions)
        }
        let since = lostAt ?? now
        lostAt = since
        guard now - since < settings.retry.giveUpAfter else {
            return end(code: code, reason: reason ?? "gave up reconnecting after \(Int(settings.retry.giveUpAfter)) s",
                       into: &actions)
        }
        if deadRedirect {
            url = settings.url
            hello.reservation = nil
        }
        attempt += 1
        let delay = settings.retry.delay(attempt: attempt)
        if everWelcomed { reconnecting = attempt }
        phase = .waiting(attempt: attempt, until: now + delay)
        let what = deadRedirect ? "\(link.url) is not answering: asking \(url) again"
            : directoryDown ? "the cluster's directory is down: asking again" : "connection lost: reconnecting"
        actions.append(.notice("\(what) (attempt \(attempt), in \(delay) s)"))
    }

    mutating func runTimers(now: Double, into actions: inout [Action]) {
        switch phase {
        case .linked(let link):
            guard let why = watchdog.verdict(url: link.url, now: now, startedAt: link.startedAt, opened: link.opened,
                                             lastHeard: link.lastHeard, closeAskedAt: link.closeAskedAt)
            else { return }
            actions.append(.abandon(link: link.id))
            linkEnded(link, code: nil, reason: why, now: now, into: &actions)
        case .waiting(_, let until) where now >= until:
            connect(now: now, into: &actions)
        default:
            break
        }
    }

    /// Sends a seated player's input when it changed, swings, or prediction wants a calibration.
    mutating func send(_ input: PlayerInput, into actions: inout [Action]) {
        guard case .linked(var link) = phase, link.welcomed, seat != nil, link.closeAskedAt == nil,
              snapshot?.status != .finished else { return }
        guard input != lastSent || input.swing != nil || presenter.wantsCalibrationInput() else { return }
        link.sequence &+= 1
        actions.append(.send(link: link.id, InputFrame(sequence: link.sequence, input: input)))
        presenter.sent(input, seq: link.sequence)
        lastSent = PlayerInput(moveX: input.moveX, moveY: input.moveY)
        phase = .linked(link)
    }

    mutating func leave(now: Double, into actions: inout [Action]) {
        leaving = true
        switch phase {
        case .linked(var link) where link.opened:
            guard link.closeAskedAt == nil else { return }
            link.closeAskedAt = now
            phase = .linked(link)
            actions.append(.close(link: link.id))
        case .linked(let link):
            actions.append(.abandon(link: link.id))
            end(code: nil, reason: "closed", left: true, into: &actions)
        case .idle, .waiting:
            end(code: nil, reason: "closed", left: true, into: &actions)
        case .ended:
            break
        }
    }

    mutating func end(code: UInt16?, reason: String?, left: Bool = false, into actions: inout [Action]) {
        presenter.linkUp = false
        reconnecting = nil
        closeReason = Self.describeClose(code: code, reason: reason, welcomed: everWelcomed)
        let ending = Ending(reason: left ? "closed" : errorMessage ?? closeReason ?? "closed", errorCode: errorCode,
                            left: left)
        phase = .ended(ending)
        actions.append(.ended(ending))
    }

    /// Why a link closed, in words.
    static func describeClose(code: UInt16?, reason: String?, welcomed: Bool) -> String {
        switch code {
        case WireProtocol.CloseCode.serverShutdown? where reason == WireProtocol.CloseReason.hostLeft:
            return "the host left the match"
        case WireProtocol.CloseCode.serverShutdown? where reason == WireProtocol.CloseReason.matchClosed:
            return "the match is over and was closed"
        case WireProtocol.CloseCode.serverShutdown? where reason == WireProtocol.CloseReason.matchUnreachable:
            return "the match's server cannot be reached"
        case WireProtocol.CloseCode.serverShutdown?: return "the server is shutting down"
        case 1000?, 1001?: return "the server closed the connection"
        case let code?: return "closed by the server (\(code)\(reason.map { ": " + $0 } ?? ""))"
        case nil where !welcomed: return "could not connect: \(reason ?? "is a server running at that address?")"
        case nil: return reason ?? "the connection dropped"
        }
    }
}
