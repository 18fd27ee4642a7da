import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HTTPTypes
import Logging
import MCP
import NIOCore
import NIOSSL
import ServiceLifecycle

/// Serves one ``Dispatcher`` over every HTTP transport: Streamable HTTP in both eras at `/mcp`,
/// the 2024-11-05 HTTP+SSE transport at `/sse` and `/messages`, `/health`, `/ready`, `/metrics`
/// and `/openapi.json`, plus the routes of its ``HTTPRouteProvider``s.
///
/// Every response carries an `X-Request-Id`; browser pages from the configured CORS origins may
/// call every path. On SIGTERM/SIGINT the server drains: `/ready` turns 503 at once, new work is
/// refused, requests in flight finish (up to the grace period), and every event stream gets a
/// final `shutdown` event before it is closed.
public struct MCPHTTPServer: Sendable {
    private let dispatcher: Dispatcher
    private let configuration: HTTPTransportConfiguration
    private let logger: Logger
    private let sessions: SessionRegistry
    private let streams: StreamTracker
    private let legacy: LegacyEndpoint
    private let modern: ModernEndpoint
    private let legacySSE: LegacySSEEndpoint
    private let policy: OriginPolicy
    private let metrics: ServerMetrics
    private let lifecycle = ServerLifecycle()
    private let security: HTTPSecurity
    private let auth: AuthState

    private let routeProviders: [any HTTPRouteProvider]

    /// A server for `dispatcher`. `metrics` is where `/metrics` reads from: pass
    /// ``ServerMetrics/processWide`` (with ``ServerMetrics/toolCalls`` in the definition's
    /// observer) to get request and tool-call metrics.
    public init(
        dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, routes: [any HTTPRouteProvider] = [],
        security: HTTPSecurity = HTTPSecurity(), metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "quire.http")
    ) {
        self.dispatcher = dispatcher
        self.security = security
        self.auth = AuthState(required: security.authentication != nil)
        self.routeProviders = routes
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        let sessions = SessionRegistry(configuration: configuration)
        let streams = StreamTracker(keepAliveInterval: configuration.keepAliveInterval)
        self.sessions = sessions
        self.streams = streams
        self.legacy = LegacyEndpoint(dispatcher: dispatcher, configuration: configuration, streams: streams, sessions: sessions)
        self.modern = ModernEndpoint(
            dispatcher: dispatcher, configuration: configuration, streams: streams, logger: logger,
            listens: ListenRegistry(definition: dispatcher.definition, configuration: configuration, streams: streams),
            stateless: ServerSession(id: "stateless", principal: .local, sink: { _ in })
        )
        self.legacySSE = LegacySSEEndpoint(dispatcher: dispatcher, configuration: configuration, streams: streams)
        // A CORS origin is one the operator trusts, so the Origin check lets it through as well.
        self.policy = OriginPolicy(allowedOrigins: configuration.allowedOrigins + configuration.corsOrigins, allowedHosts: configuration.allowedHosts)
    }

    /// Listens until the task is cancelled or the process is asked to stop (SIGTERM/SIGINT), then
    /// ends sessions and streams. `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: MCPRequestContext.self)
        // Outermost first: the id reaches every log line and response, metrics see every answer
        // (refusals included), CORS headers reach the drain refusals a page may read.
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: HeaderSizeLimitMiddleware(maxBytes: configuration.maxHeaderBytes))
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityMiddleware(policy: policy))
        if let cors = CORSPolicy<MCPRequestContext>(origins: configuration.corsOrigins, allowCredentials: configuration.corsAllowsCredentials) { router.add(middleware: cors) }
        router.add(middleware: DrainMiddleware(lifecycle: lifecycle))
        router.add(middleware: AuthenticationMiddleware(state: auth, audit: security.audit))
        // After authentication: limits are per principal (per address for anonymous callers).
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(configuration: security.rateLimits), metrics: metrics, audit: security.audit))
        router.add(middleware: StreamQuotaMiddleware(quota: StreamQuota(configuration: security.rateLimits)))
        router.post("/mcp") { request, context in await post(request, principal: context.principal) }
        router.get("/mcp") { request, context in await get(request, principal: context.principal) }
        router.delete("/mcp") { request, context in await delete(request, principal: context.principal) }
        router.get("/sse") { _, context in await legacySSE.open(principal: context.principal, messagesPath: "/messages") }
        router.post("/messages") { request, context in
            var request = request
            guard let body = try? await request.collectBody(upTo: configuration.maxBodyBytes) else {
                return HTTPReplies.error(.invalidRequest("body larger than \(configuration.maxBodyBytes) bytes"), id: nil, status: .contentTooLarge)
            }
            return await legacySSE.post(sessionID: request.uri.queryParameters.get("sessionId"), body: Array(body.readableBytesView), principal: context.principal)
        }
        router.get("/health") { _, _ in HTTPReplies.json(["status": "ok"]) }
        // RFC 9728: the root form and the path-aware form for the `/mcp` resource.
        for path in [ProtectedResourceMetadata.wellKnownPrefix, ProtectedResourceMetadata.wellKnownPrefix + "/mcp"] {
            router.get(RouterPath(path)) { _, _ in
                guard let metadata = auth.current?.metadata else { return Response(status: .notFound) }
                return HTTPReplies.json(metadata.json, headers: [.cacheControl: "public, max-age=3600"])
            }
        }
        OperationalRoutes(
            lifecycle: lifecycle, metrics: metrics, streams: streams, sessions: sessions, legacySSE: legacySSE,
            providers: routeProviders, info: dispatcher.definition.info
        ).add(to: router)
        let context = HTTPRouteContext(
            dispatcher: dispatcher, configuration: configuration, streams: streams, lifecycle: lifecycle, audit: security.audit
        )
        for provider in routeProviders { provider.addRoutes(to: router, context: context) }

        let app = Application(
            router: router,
            server: try serverBuilder(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quire"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                if let settings = security.authentication {
                    do {
                        let resource = try settings.resource ?? Self.derivedResource(configuration: configuration, port: port, tls: security.tls != nil)
                        auth.resolve(try await AuthState.resolve(settings, resource: resource, access: dispatcher.definition.access))
                        logger.info("authentication on: tokens must be issued for \(resource)")
                    } catch {
                        // Without an authenticator every request would be refused; stop instead,
                        // through the same graceful path as a SIGTERM from outside.
                        logger.critical("authentication could not start: \(error)")
                        kill(getpid(), SIGTERM)
                        return
                    }
                }
                await onListening(port)
            },
            logger: logger
        )
        let closer = StreamCloser(sessions: sessions, legacySSE: legacySSE, streams: streams, configuration: configuration, lifecycle: lifecycle)
        // Services stop in reverse order: the closer ends every stream first, so the server's
        // graceful shutdown is not left waiting on event streams that never finish by themselves.
        let group = ServiceGroup(configuration: .init(
            services: [app, closer, KeepAlivePinger(streams: streams)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        try await group.run()
    }

    /// HTTP/1.1, wrapped in TLS when certificate files are configured.
    private func serverBuilder() throws -> HTTPServerBuilder {
        guard let tls = security.tls else { return .http1() }
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
        return try .tls(.http1(), tlsConfiguration: TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    }

    /// `http[s]://HOST:PORT/mcp` for a loopback bind; other binds must name their public URL.
    static func derivedResource(configuration: HTTPTransportConfiguration, port: Int, tls: Bool) throws -> String {
        guard configuration.bindsLoopback else { throw HTTPConfigurationError.resourceURLRequired(host: configuration.host) }
        let host = configuration.host.contains(":") && !configuration.host.hasPrefix("[") ? "[\(configuration.host)]" : configuration.host
        return "\(tls ? "https" : "http")://\(host):\(port)/mcp"
    }

    // MARK: /mcp

    /// Where a POST body goes, decided without suspending.
    private enum Route {
        case reply(Response)
        case modern(ModernEndpoint.Plan)
        case legacy(JSONRPCPayload)
    }

    private func post(_ request: Request, principal: Principal) async -> Response {
        // Kept small: the frames of the async functions a connection's task has run stay
        // allocated for as long as the connection (or the event stream it carries) lives.
        let headers = request.headers
        guard let body = await Self.collect(request.body, upTo: configuration.maxBodyBytes) else {
            return Self.tooLarge(configuration.maxBodyBytes)
        }
        switch route(body, headers: headers, principal: principal) {
        case .reply(let response): return response
        // Straight to the listen registry: one frame less under every open listen stream.
        case .modern(.listen(let request)): return await modern.listens.listen(request, headers: headers)
        case .modern(let plan): return await modern.post(plan, headers: headers, principal: principal)
        case .legacy(let payload): return await legacy.post(payload, headers: headers, principal: principal)
        }
    }

    /// The whole body, or `nil` past `limit`. Not inlined: the body iterator's state then lives
    /// in a frame of its own, freed before the request is answered.
    @inline(never)
    private static func collect(_ body: RequestBody, upTo limit: Int) async -> ByteBuffer? {
        try? await body.collect(upTo: limit)
    }

    @inline(never)
    private static func tooLarge(_ limit: Int) -> Response {
        HTTPReplies.error(.invalidRequest("body larger than \(limit) bytes"), id: nil, status: .contentTooLarge)
    }

    @inline(never)
    private func route(_ body: ByteBuffer, headers: HTTPFields, principal: Principal) -> Route {
        let payload = JSONRPCCodec.decode(body.readableBytesView)
        if case .invalid(let failure) = payload { return .reply(HTTPReplies.message(.errorResponse(failure), status: .badRequest)) }
        guard isModern(payload, headers: headers) else { return .legacy(payload) }
        guard case .single(let message) = payload else {
            return .reply(HTTPReplies.error(.invalidRequest("one message per POST in 2026-07-28"), id: nil, status: .badRequest))
        }
        return .modern(modern.plan(message, headers: headers, principal: principal))
    }

    /// M18: a `_meta` envelope (or a 2026-07-28 header) opens the modern era; `initialize` and
    /// session traffic stay legacy. A stray session id on a modern request is ignored.
    private func isModern(_ payload: JSONRPCPayload, headers: HTTPFields) -> Bool {
        if let version = headers[MCPHeaders.protocolVersion], ProtocolVersion(rawValue: version).isModern { return true }
        switch payload {
        case .single(.request(let request)):
            return request.method == Method.discover || RequestEnvelope.isPresent(in: request.params)
        case .single(.notification(let notification)):
            return RequestEnvelope.isPresent(in: notification.params)
        default:
            // An unknown version header on a session-less request is a modern probe (M17).
            if let version = headers[MCPHeaders.protocolVersion], !ProtocolVersion(rawValue: version).isKnown,
                headers[MCPHeaders.sessionID] == nil
            {
                return true
            }
            return false
        }
    }

    private func get(_ request: Request, principal: Principal) async -> Response {
        if request.headers[MCPHeaders.sessionID] == nil,
            let version = request.headers[MCPHeaders.protocolVersion], ProtocolVersion(rawValue: version).isModern
        {
            // M17: the stateless era has no GET stream.
            return Response(status: .methodNotAllowed, headers: [MCPHeaders.allow: "POST"])
        }
        return await legacy.get(headers: request.headers, principal: principal)
    }

    private func delete(_ request: Request, principal: Principal) async -> Response {
        if request.headers[MCPHeaders.sessionID] == nil {
            return Response(status: .methodNotAllowed, headers: [MCPHeaders.allow: "GET, POST"])
        }
        return await legacy.delete(headers: request.headers, principal: principal)
    }
}
