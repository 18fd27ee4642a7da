import Hummingbird
import HTTPTypes
import Logging
import MCP
import NIOCore
import ServiceLifecycle

/// Serves one ``Dispatcher`` over every HTTP transport: Streamable HTTP in both eras at `/mcp`,
/// the 2024-11-05 HTTP+SSE transport at `/sse` and `/messages`, and `/health`.
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

    public init(dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, logger: Logger = Logger(label: "quire.http")) {
        self.dispatcher = dispatcher
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
        self.policy = OriginPolicy(allowedOrigins: configuration.allowedOrigins, allowedHosts: configuration.allowedHosts)
    }

    /// Until authentication arrives, every HTTP caller is the same anonymous principal.
    private static let anonymous = Principal(id: "anonymous", scopes: ["*"])

    /// Listens until the task is cancelled or the process is asked to stop (SIGTERM/SIGINT), then
    /// ends sessions and streams. `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        router.add(middleware: SecurityMiddleware(policy: policy))
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

        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quire"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        let closer = StreamCloser(sessions: sessions, legacySSE: legacySSE, streams: streams, configuration: configuration)
        // Services stop in reverse order: the closer ends every stream first, so the server's
        // graceful shutdown is not left waiting on event streams that never finish by themselves.
        let group = ServiceGroup(configuration: .init(
            services: [app, closer, KeepAlivePinger(streams: streams)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        try await group.run()
    }

    // MARK: /mcp

    /// Where a POST body goes, decided without suspending.
    private enum Route {
        case reply(Response)
        case modern(ModernEndpoint.Plan)
        case legacy(JSONRPCPayload)
    }

    private func post(_ request: Request) async -> Response {
        // Kept small: the frames of the async functions a connection's task has run stay
        // allocated for as long as the connection (or the event stream it carries) lives.
        let headers = request.headers
        guard let body = await Self.collect(request.body, upTo: configuration.maxBodyBytes) else {
            return Self.tooLarge(configuration.maxBodyBytes)
        }
        switch route(body, headers: headers) {
        case .reply(let response): return response
        // Straight to the listen registry: one frame less under every open listen stream.
        case .modern(.listen(let request)): return await modern.listens.listen(request, headers: headers)
        case .modern(let plan): return await modern.post(plan, headers: headers, principal: Self.anonymous)
        case .legacy(let payload): return await legacy.post(payload, headers: headers, principal: Self.anonymous)
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
    private func route(_ body: ByteBuffer, headers: HTTPFields) -> Route {
        let payload = JSONRPCCodec.decode(body.readableBytesView)
        if case .invalid(let failure) = payload { return .reply(HTTPReplies.message(.errorResponse(failure), status: .badRequest)) }
        guard isModern(payload, headers: headers) else { return .legacy(payload) }
        guard case .single(let message) = payload else {
            return .reply(HTTPReplies.error(.invalidRequest("one message per POST in 2026-07-28"), id: nil, status: .badRequest))
        }
        return .modern(modern.plan(message, headers: headers))
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
