import Hummingbird
import HTTPTypes
import Logging
import MCP
import NIOCore
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

    private let routeProviders: [any HTTPRouteProvider]

    /// A server for `dispatcher`. `metrics` is where `/metrics` reads from: pass
    /// ``ServerMetrics/processWide`` (with ``ServerMetrics/toolCalls`` in the definition's
    /// observer) to get request and tool-call metrics.
    public init(
        dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, routes: [any HTTPRouteProvider] = [],
        metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "quire.http")
    ) {
        self.dispatcher = dispatcher
        self.routeProviders = routes
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        let sessions = SessionRegistry(configuration: configuration)
        let streams = StreamTracker()
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

    /// Until authentication arrives, every HTTP caller is the same anonymous principal.
    private static let anonymous = Principal(id: "anonymous", scopes: ["*"])

    /// Listens until the task is cancelled or the process is asked to stop (SIGTERM/SIGINT), then
    /// ends sessions and streams. `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: MCPRequestContext.self)
        // Outermost first: the id reaches every log line and response, metrics see every answer
        // (refusals included), CORS headers reach the drain refusals a page may read.
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityMiddleware(policy: policy))
        if let cors = CORSPolicy<MCPRequestContext>(origins: configuration.corsOrigins) { router.add(middleware: cors) }
        router.add(middleware: DrainMiddleware(lifecycle: lifecycle))
        router.post("/mcp") { request, _ in await post(request) }
        router.get("/mcp") { request, _ in await get(request) }
        router.delete("/mcp") { request, _ in await delete(request) }
        router.get("/sse") { _, _ in await legacySSE.open(principal: Self.anonymous, messagesPath: "/messages") }
        router.post("/messages") { request, _ in
            var request = request
            guard let body = try? await request.collectBody(upTo: configuration.maxBodyBytes) else {
                return HTTPReplies.error(.invalidRequest("body larger than \(configuration.maxBodyBytes) bytes"), id: nil, status: .contentTooLarge)
            }
            return await legacySSE.post(sessionID: request.uri.queryParameters.get("sessionId"), body: Array(body.readableBytesView), principal: Self.anonymous)
        }
        router.get("/health") { _, _ in HTTPReplies.json(["status": "ok"]) }
        OperationalRoutes(
            lifecycle: lifecycle, metrics: metrics, streams: streams, sessions: sessions, legacySSE: legacySSE,
            providers: routeProviders, info: dispatcher.definition.info
        ).add(to: router)
        let context = HTTPRouteContext(dispatcher: dispatcher, configuration: configuration, streams: streams, lifecycle: lifecycle)
        for provider in routeProviders { provider.addRoutes(to: router, context: context) }

        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quire"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        let closer = StreamCloser(sessions: sessions, legacySSE: legacySSE, streams: streams, configuration: configuration, lifecycle: lifecycle)
        // Services stop in reverse order: the closer ends every stream first, so the server's
        // graceful shutdown is not left waiting on event streams that never finish by themselves.
        let group = ServiceGroup(configuration: .init(
            services: [app, closer], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        try await group.run()
    }

    // MARK: /mcp

    private func post(_ request: Request) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch {
            return HTTPReplies.error(.invalidRequest("body larger than \(configuration.maxBodyBytes) bytes"), id: nil, status: .contentTooLarge)
        }
        let payload = JSONRPCCodec.decode(body.readableBytesView)
        if case .invalid(let failure) = payload { return HTTPReplies.message(.errorResponse(failure), status: .badRequest) }
        if isModern(payload, headers: request.headers) {
            guard case .single(let message) = payload else {
                return HTTPReplies.error(.invalidRequest("one message per POST in 2026-07-28"), id: nil, status: .badRequest)
            }
            return await modern.post(message, headers: request.headers, principal: Self.anonymous)
        }
        return await legacy.post(payload, headers: request.headers, principal: Self.anonymous)
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

    private func get(_ request: Request) async -> Response {
        if request.headers[MCPHeaders.sessionID] == nil,
            let version = request.headers[MCPHeaders.protocolVersion], ProtocolVersion(rawValue: version).isModern
        {
            // M17: the stateless era has no GET stream.
            return Response(status: .methodNotAllowed, headers: [MCPHeaders.allow: "POST"])
        }
        return await legacy.get(headers: request.headers, principal: Self.anonymous)
    }

    private func delete(_ request: Request) async -> Response {
        if request.headers[MCPHeaders.sessionID] == nil {
            return Response(status: .methodNotAllowed, headers: [MCPHeaders.allow: "GET, POST"])
        }
        return await legacy.delete(headers: request.headers, principal: Self.anonymous)
    }
}
