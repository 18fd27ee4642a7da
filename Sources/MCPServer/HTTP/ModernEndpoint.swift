import Hummingbird
import HTTPTypes
import Logging
import MCP

/// `POST /mcp` for 2026-07-28 requests (M1–M18): stateless, one message per POST, the `_meta`
/// envelope checked against the headers, errors with the statuses the spec names.
struct ModernEndpoint: Sendable {
    let dispatcher: Dispatcher
    let configuration: HTTPTransportConfiguration
    let streams: StreamTracker
    let logger: Logger
    let listens: ListenRegistry
    /// Stateless requests have no session; this one only satisfies the dispatcher's signature.
    let stateless: ServerSession

    func post(_ message: JSONRPCMessage, headers: HTTPFields, principal: Principal) async -> Response {
        let (id, method, params): (MCP.RequestID?, String, JSONValue?)
        switch message {
        case .request(let request): (id, method, params) = (request.id, request.method, request.params)
        case .notification(let notification): (id, method, params) = (nil, notification.method, notification.params)
        case .response, .errorResponse:
            return HTTPReplies.error(.invalidRequest("2026-07-28 clients send requests and notifications only"), id: nil, status: .badRequest)
        }
        if let failure = checkHeaders(headers, method: method, params: params) {
            return HTTPReplies.error(failure, id: id, status: HTTPReplies.modernStatus(for: failure.code))
        }
        guard case .request(let request) = message else {
            // Nothing on this wire is a client-to-server notification worth acting on (M8: a
            // closed stream is the cancellation), so it is acknowledged and dropped.
            return HTTPReplies.accepted()
        }
        if let failure = dispatcher.preflight(request) {
            return HTTPReplies.error(failure, id: request.id, status: HTTPReplies.modernStatus(for: failure.code))
        }
        if let refusal = await dispatcher.checkAccess(request, principal: principal) {
            return HTTPReplies.forbidden(refusal, id: request.id)
        }
        if request.method == Method.subscriptionsListen {
            return await listens.listen(request, headers: headers)
        }
        let meta = request.params?["_meta"]
        let streaming = !configuration.jsonResponsesOnly && headers.acceptsEventStream
            && (request.params?.progressToken != nil || meta?[MetaKey.logLevel] != nil)
        if !streaming {
            let origin = Dispatcher.Origin(principal: principal, sink: { _ in }, declaredVersion: .v2026_07_28)
            guard let reply = await streams.request({ await self.dispatcher.handle(request, session: self.stateless, origin: origin) }) else {
                return HTTPReplies.error(.internalError("the request was cancelled"), id: request.id, status: .ok)
            }
            return HTTPReplies.message(reply, status: status(of: reply))
        }
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
        return SSEResponse.stream(outbox, keepAlive: configuration.keepAliveInterval, tracker: streams, onDisconnect: {
            logger.debug("client closed the stream of request \(request.id); cancelling it")
            task.cancel()
        })
    }

    private func status(of reply: JSONRPCMessage) -> HTTPResponse.Status {
        if case .errorResponse(let failure) = reply { return HTTPReplies.modernStatus(for: failure.error.code) }
        return .ok
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
