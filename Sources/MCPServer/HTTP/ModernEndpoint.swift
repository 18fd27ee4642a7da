import Hummingbird
import HTTPTypes
import Logging
import MCP

/// `POST /mcp` for 2026-07-28 requests (M1–M18): stateless, one message per POST, the `_meta`
/// envelope checked against the headers, errors with the statuses the spec names.
///
/// A class, like the other endpoints: async functions that use a struct's fields may copy the
/// whole struct into their frames, and those frames are kept per connection.
final class ModernEndpoint: Sendable {
    let dispatcher: Dispatcher
    let configuration: HTTPTransportConfiguration
    let streams: StreamTracker
    let logger: Logger
    let listens: ListenRegistry
    /// Stateless requests have no session; this one only satisfies the dispatcher's signature.
    let stateless: ServerSession

    init(
        dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, streams: StreamTracker, logger: Logger,
        listens: ListenRegistry, stateless: ServerSession
    ) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.streams = streams
        self.logger = logger
        self.listens = listens
        self.stateless = stateless
    }

    /// What a request gets, decided without suspending.
    enum Plan {
        case reply(Response)
        /// Refused by the access policy: audited, then answered 403 with a challenge.
        case refuse(JSONRPCRequest, JSONRPCError)
        case listen(JSONRPCRequest)
        case answer(JSONRPCRequest)
        case stream(JSONRPCRequest)
    }

    /// Carries out a plan other than `.listen`, which the server hands to ``ListenRegistry``
    /// itself: each kind of answer has its own function, and the frames on the way to a
    /// long-lived stream stay small (a connection's task keeps the largest async frames it ever
    /// needed for as long as the connection lives, idle keep-alive connections and open streams
    /// included).
    @inline(never)
    func post(_ plan: Plan, headers: HTTPFields, principal: Principal) async -> Response {
        switch plan {
        case .reply(let response): return response
        case .refuse(let request, let refusal): return await refuse(request, refusal, principal: principal)
        case .listen(let request): return await listens.listen(request, headers: headers)
        case .answer(let request): return await answer(request, principal: principal)
        case .stream(let request): return stream(request, principal: principal)
        }
    }

    /// Validates a 2026-07-28 message against its headers and decides how it is answered.
    func plan(_ message: JSONRPCMessage, headers: HTTPFields, principal: Principal) -> Plan {
        let (id, method, params): (MCP.RequestID?, String, JSONValue?)
        switch message {
        case .request(let request): (id, method, params) = (request.id, request.method, request.params)
        case .notification(let notification): (id, method, params) = (nil, notification.method, notification.params)
        case .response, .errorResponse:
            return .reply(HTTPReplies.error(.invalidRequest("2026-07-28 clients send requests and notifications only"), id: nil, status: .badRequest))
        }
        if let failure = checkHeaders(headers, method: method, params: params) {
            return .reply(HTTPReplies.error(failure, id: id, status: HTTPReplies.modernStatus(for: failure.code)))
        }
        guard case .request(let request) = message else {
            // Nothing on this wire is a client-to-server notification worth acting on (M8: a
            // closed stream is the cancellation), so it is acknowledged and dropped.
            return .reply(HTTPReplies.accepted())
        }
        if let failure = dispatcher.preflight(request) {
            return .reply(HTTPReplies.error(failure, id: request.id, status: HTTPReplies.modernStatus(for: failure.code)))
        }
        if let refusal = dispatcher.accessRefusal(request, principal: principal) { return .refuse(request, refusal) }
        if request.method == Method.subscriptionsListen { return .listen(request) }
        // Cheapest test first: most requests ask for neither progress nor logs.
        let streaming = (request.params?.progressToken != nil || request.params?["_meta"]?[MetaKey.logLevel] != nil)
            && !configuration.jsonResponsesOnly && headers.acceptsEventStream
        return streaming ? .stream(request) : .answer(request)
    }

    private func refuse(_ request: JSONRPCRequest, _ refusal: JSONRPCError, principal: Principal) async -> Response {
        await dispatcher.recordRefusal(refusal, of: request, principal: principal)
        return HTTPReplies.forbidden(refusal, id: request.id)
    }

    /// A request answered with one JSON body, counted as in flight so shutdown lets it finish.
    private func answer(_ request: JSONRPCRequest, principal: Principal) async -> Response {
        let origin = Dispatcher.Origin(principal: principal, sink: { _ in }, declaredVersion: .v2026_07_28)
        let reply = await streams.request { await self.dispatcher.handle(request, session: self.stateless, origin: origin) }
        return Self.response(reply, id: request.id)
    }

    @inline(never)
    private static func response(_ reply: JSONRPCMessage?, id: MCP.RequestID) -> Response {
        guard let reply else { return HTTPReplies.error(.internalError("the request was cancelled"), id: id, status: .ok) }
        if case .errorResponse(let failure) = reply {
            return HTTPReplies.message(reply, status: HTTPReplies.modernStatus(for: failure.error.code))
        }
        return HTTPReplies.message(reply, status: .ok)
    }

    /// A request answered on an event stream that carries its progress and log notifications.
    private func stream(_ request: JSONRPCRequest, principal: Principal) -> Response {
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        let dispatcher = self.dispatcher
        let stateless = self.stateless
        let streams = self.streams
        let sink: OutboundSink = { message in outbox.send(SSEEvent(event: "message", data: message.json.jsonString)) }
        let task = Task {
            let origin = Dispatcher.Origin(principal: principal, sink: sink, declaredVersion: .v2026_07_28)
            // The answer is written inside the counted scope, so shutdown waits for it too.
            await streams.request {
                if let reply = await dispatcher.handle(request, session: stateless, origin: origin) { await sink(reply) }
            }
            outbox.close()
        }
        // M8: a closed response stream cancels its request.
        let logger = self.logger
        return SSEResponse.stream(outbox, tracker: streams, onDisconnect: {
            logger.debug("client closed the stream of request \(request.id); cancelling it")
            task.cancel()
        })
    }

    /// M9–M11: `MCP-Protocol-Version` equals the envelope's version, `Mcp-Method` the method,
    /// `Mcp-Name` the name or URI.
    private func checkHeaders(_ headers: HTTPFields, method: String, params: JSONValue?) -> JSONRPCError? {
        guard let headerVersion = headers[MCPHeaders.protocolVersion] else {
            return JSONRPCError(code: JSONRPCError.Code.headerMismatch, message: "Header mismatch: a 2026-07-28 request needs the MCP-Protocol-Version header")
        }
        guard ProtocolVersion(rawValue: headerVersion).isKnown else {
            return .unsupportedProtocolVersion(requested: headerVersion, supported: ProtocolVersion.modern)
        }
        if let metaVersion = params?["_meta"]?[MetaKey.protocolVersion], metaVersion != .string(headerVersion) {
            return JSONRPCError(
                code: JSONRPCError.Code.headerMismatch,
                message: "Header mismatch: MCP-Protocol-Version is \(headerVersion) but _meta says \(metaVersion.stringValue ?? metaVersion.jsonString)"
            )
        }
        guard ProtocolVersion(rawValue: headerVersion).isModern else {
            return JSONRPCError(code: JSONRPCError.Code.headerMismatch, message: "Header mismatch: MCP-Protocol-Version \(headerVersion) is not a 2026-07-28-era revision")
        }
        guard let methodHeader = headers[MCPHeaders.method], MCPHeaders.decode(methodHeader) == method else {
            return JSONRPCError(code: JSONRPCError.Code.headerMismatch, message: "Header mismatch: Mcp-Method must be \"\(method)\"")
        }
        let named: String?
        switch method {
        case Method.toolsCall, Method.promptsGet: named = params?["name"]?.stringValue
        case Method.resourcesRead: named = params?["uri"]?.stringValue
        default: named = nil
        }
        if let named {
            guard let nameHeader = headers[MCPHeaders.name], MCPHeaders.decode(nameHeader) == named else {
                return JSONRPCError(code: JSONRPCError.Code.headerMismatch, message: "Header mismatch: Mcp-Name must equal the request's name or URI")
            }
        }
        return nil
    }
}
