import Foundation
import Hummingbird
import NIOCore
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle
import TennisCore
import TennisProtocol
import TennisRecords

/// Builds the whole server (HTTP routes, the WebSocket endpoint and the lobby service)
/// without starting it, so the command line and the tests build the same thing.
///
/// - Parameter history: finished matches for the history routes (none: they answer 404).
/// - Parameter relay: with a directory, spectators of other nodes' matches are served here
///   through one subscription per match made with this (none: they are sent to the owner).
/// - Parameter onServerRunning: called with the bound port once the server listens.
public func buildApplication(
    _ settings: ServerConfiguration, lobby: Lobby, logger: Logger, history: (any MatchHistory)? = nil,
    directory: (any MatchDirectory)? = nil, relay: (any RelayUpstream)? = nil, runsLobby: Bool = true,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let link = directory.map { DirectoryLink($0, timeoutSeconds: settings.directoryTimeoutSeconds, logger: logger) }
    return try buildApplication(settings, lobby: lobby, logger: logger, history: history, link: link,
                                relays: link.flatMap { link in relay.map {
                                    RelayHub(link: link, upstream: $0, logger: logger, settings: settings,
                                             voucher: lobby.gateway)
                                } },
                                runsLobby: runsLobby, onServerRunning: onServerRunning)
}

/// `buildApplication` over a directory link that the caller may share (with its heartbeat).
func buildApplication(
    _ settings: ServerConfiguration, lobby: Lobby, logger: Logger, history: (any MatchHistory)?,
    link: DirectoryLink?, relays: RelayHub?, runsLobby: Bool,
    onServerRunning: @escaping @Sendable (Int) async -> Void
) throws -> some ApplicationProtocol {
    let router = Router(context: TennisRequestContext.self)
    let admission = ConnectionGuard(limits: .init(settings))
    let creations = AddressRateLimit(perMinute: settings.maxMatchCreationsPerMinute)
    addHTTPRoutes(to: router, lobby: lobby, link: link, creations: creations, logger: logger)
    addHistoryRoutes(to: router, history: history, timeoutSeconds: settings.directoryTimeoutSeconds, link: link,
                     logger: logger)
    addWebPages(to: router, assets: settings.webAssetsDirectory.flatMap { directory in
        do {
            return try WebAssets.load(assetsDirectory: directory)
        } catch {
            logger.warning("no web pages: their files could not be read", metadata: ["error": "\(error)"])
            return nil
        }
    })
    // Relays find their matches through the directory: none without one.
    let relays = link == nil ? nil : relays
    let sessions = SessionHandler(lobby: lobby, settings: settings, logger: logger, link: link, relays: relays,
                                  admission: admission)
    // `/ws` without an upgrade is no route of the router's: told so plainly.
    router.get(RouterPath(WebSocketUpgradeChannel.path)) { _, _ -> Response in
        throw HTTPError(.methodNotAllowed, message: "/ws takes WebSocket upgrades only")
    }
    let headerLimits = HTTP1Channel.Configuration.DecoderConfiguration(
        maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 16 * 1024, maxHeaderFieldCount: 64)
    let requestTimeout = TimeAmount.milliseconds(Int64(settings.handshakeTimeoutSeconds * 1000))
    let tls = settings.tls
    let server = HTTPServerBuilder { responder in
        // NIO's WebSocket upgrade, and no task kept per connection (`WebSocketUpgradeChannel`).
        let upgrade = WebSocketUpgradeChannel(responder: responder, idleTimeout: requestTimeout,
                                              headerLimits: headerLimits,
                                              maxMessageSize: WireProtocol.maxClientMessageSize,
                                              shutdownReason: settings.shutdownReason) { upgraded in
            await sessions.handle(upgraded)
        }
        let guarded = GuardedChannel(base: upgrade, admission: admission, requestTimeout: requestTimeout)
        guard let tls else { return guarded }
        return try TLSChannel(guarded, tlsConfiguration: tls)
    }
    var app = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "tennis"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger
    )
    if runsLobby {
        app.addServices(lobby)
        if let relays { app.addServices(relays) }
        if let link { app.addServices(DirectoryService(link: link, lobby: lobby, logger: logger, relays: relays)) }
    }
    return app
}

/// The whole server as a service group for a process of its own: the lobby is shut down
/// before the HTTP server on SIGTERM/SIGINT, so every client hears close 4503 ("server
/// shutting down") from its match before the WebSocket layer would close it with a bare 1000.
public func makeServerGroup(
    _ settings: ServerConfiguration, lobby: Lobby, logger: Logger, history: (any MatchHistory)? = nil,
    directory: (any MatchDirectory)? = nil, relay: (any RelayUpstream)? = nil, handlesSignals: Bool = true,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> ServiceGroup {
    var settings = settings
    if let descriptors = DescriptorLimit.raise() {
        let (fitted, note) = settings.fitted(toDescriptors: descriptors)
        if let note { logger.warning("\(note)") }
        settings = fitted
    }
    let link = directory.map { DirectoryLink($0, timeoutSeconds: settings.directoryTimeoutSeconds, logger: logger) }
    let relays = link.flatMap { link in relay.map {
        RelayHub(link: link, upstream: $0, logger: logger, settings: settings, voucher: lobby.gateway)
    } }
    let app = try buildApplication(settings, lobby: lobby, logger: logger, history: history, link: link,
                                   relays: relays, runsLobby: false, onServerRunning: onServerRunning)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: lobby)]
    // Shut down in reverse order: the relays before the lobby and the HTTP server, so relayed
    // spectators hear 4503 ("server shutting down") like the lobby's own.
    if let relays { services.append(.init(service: relays)) }
    if let link {
        services.append(.init(service: DirectoryService(link: link, lobby: lobby, logger: logger, relays: relays)))
    }
    // A group shuts its services down in reverse order: the directory entry first, then the lobby.
    return ServiceGroup(configuration: .init(services: services,
                                             gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
                                             logger: logger))
}

/// The JSON body `POST /api/matches` accepts (every field optional).
struct CreateMatchRequest: Decodable {
    var format: String?
    var surface: String?
    var seed: UInt64?
    /// true: a private match, answered with its invite secret.
    var `private`: Bool?
}

/// - Parameter link: the cluster directory (none: a standalone server). A request waits for it
///   at most its timeout, and not at all while it is known down, before answering from this
///   node alone.
/// - Parameter creations: how many matches each address may create a minute.
func addHTTPRoutes(to router: Router<TennisRequestContext>, lobby: Lobby, link: DirectoryLink? = nil,
                   creations: AddressRateLimit = AddressRateLimit(perMinute: 10),
                   logger: Logger = Logger(label: "tennis.server")) {
    router.get("/healthz") { _, _ in "ok\n" }
    router.get("/metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: lobby.metrics.exposition())))
    }
    router.get("/api/matches") { _, _ in
        var listed = lobby.summaries()
        if let link {
            // Every live node's matches; this node's own straight from its lobby (never stale).
            do {
                let local = Set(listed.map(\.code))
                let cluster = try await link.ask("list matches") { try await $0.liveMatches() }
                listed += cluster.filter { !local.contains($0.code) }
            } catch {
                logger.debug("the directory could not be read; listing this node only", metadata: ["error": "\(error)"])
            }
        }
        return try jsonResponse(listed, status: .ok)
    }
    router.post("/api/matches") { request, context in
        guard creations.allow(context.peer, nowMicros: MonotonicClock.micros()) else {
            lobby.metrics.rejected("too_many_matches_created")
            return Response(status: .tooManyRequests,
                            headers: [.contentType: "application/json", .retryAfter: "\(creations.retryAfterSeconds)"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error":"too_many_matches_created","message":"at most \#(creations.perMinute) new matches a minute from one address"}"# + "\n")))
        }
        // In a cluster a new match goes to the least-loaded node: the client is sent there
        // (307 keeps the method and body, so curl -L, URLSession and the like just follow).
        if let link, let best = await leastLoaded(link, logger: logger),
           best.url != link.directory.publicURL, best.load < lobby.openSessions.load(ordering: .relaxed) {
            let base = (try? ServerURL.httpBase(best.url)) ?? best.url
            return Response(status: .temporaryRedirect, headers: [.location: base + "/api/matches"])
        }
        let body = try await request.body.collect(upTo: 4096)
        var create = CreateMatchRequest()
        if body.readableBytes > 0 {
            do {
                create = try UntrustedJSON.decode(CreateMatchRequest.self, from: body.readableBytesView, gate: .requestBody)
            } catch {
                throw HTTPError(.badRequest, message: "body must be JSON like {\"format\":\"short\",\"surface\":\"hard\"}")
            }
        }
        guard let format = MatchFormat(rawValue: create.format ?? MatchFormat.short.rawValue) else {
            throw HTTPError(.badRequest, message: "unknown format; one of \(MatchFormat.allCases.map(\.rawValue))")
        }
        guard let surface = Surface.named(create.surface ?? "hard") else {
            throw HTTPError(.badRequest, message: "unknown surface; one of \(Surface.all.map(\.name))")
        }
        var answer: [String: String]
        do {
            if create.private == true {
                let (code, invite) = try lobby.createPrivateMatch(format: format, surface: surface, seed: create.seed)
                answer = ["code": code, "invite": invite]
            } else {
                answer = ["code": try lobby.createMatch(format: format, surface: surface, seed: create.seed)]
            }
        } catch let error as Lobby.CreateError {
            throw HTTPError(.serviceUnavailable, message: error.description)
        }
        if let link, let code = answer["code"] { await publish(code, lobby: lobby, link: link, logger: logger) }
        return try jsonResponse(answer, status: .created)
    }
}

/// Writes a new match to the directory before its creator gets the code, so a client that joins
/// it through another node at once is sent here. Without the directory it is written by the next
/// heartbeat that gets through.
private func publish(_ code: String, lobby: Lobby, link: DirectoryLink, logger: Logger) async {
    guard let entry = lobby.match(code: code)?.directoryEntry else { return }
    let load = lobby.openSessions.load(ordering: .relaxed)
    do {
        try await link.ask("publish a new match") { try await $0.publish(entry, load: load) }
    } catch {
        logger.debug("the new match waits for the next heartbeat to be in the directory",
                     metadata: ["match": "\(code)", "error": "\(error)"])
    }
}

/// The least-loaded live node, or nil (the match is then created here) when the directory
/// fails or does not answer in time.
private func leastLoaded(_ link: DirectoryLink, logger: Logger) async -> (url: String, load: Int)? {
    do {
        return try await link.ask("find the least-loaded node") { try await $0.leastLoaded() }
    } catch {
        logger.debug("the directory could not name the least-loaded node; creating the match here",
                     metadata: ["error": "\(error)"])
        return nil
    }
}

private func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
