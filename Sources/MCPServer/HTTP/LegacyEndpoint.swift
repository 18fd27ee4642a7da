import Hummingbird
import HTTPTypes
import MCP

/// `/mcp` for sessions opened with `initialize` (2025-03-26 … 2025-11-25, L1–L31).
final class LegacyEndpoint: Sendable {
    let dispatcher: Dispatcher
    let configuration: HTTPTransportConfiguration
    let streams: StreamTracker
    let sessions: SessionRegistry

    init(dispatcher: Dispatcher, configuration: HTTPTransportConfiguration, streams: StreamTracker, sessions: SessionRegistry) {
        self.dispatcher = dispatcher
        self.configuration = configuration
        self.streams = streams
        self.sessions = sessions
    }

    // MARK: POST

    func post(_ payload: JSONRPCPayload, headers: HTTPFields, principal: Principal) async -> Response {
        if let version = headers[MCPHeaders.protocolVersion], !ProtocolVersion.handshake.contains(ProtocolVersion(rawValue: version)) {
            return HTTPReplies.error(.invalidRequest("unsupported MCP-Protocol-Version \(version)"), id: payload.firstRequestID, status: .badRequest)
        }
        if case .single(.request(let request)) = payload, request.method == Method.initialize {
            return await initialize(request, principal: principal)
        }
        guard let sessionID = headers[MCPHeaders.sessionID] else {
            return HTTPReplies.error(.invalidRequest("missing Mcp-Session-Id header: send initialize first"), id: payload.firstRequestID, status: .badRequest)
        }
        guard case .found(let session) = await sessions.lookup(sessionID, principal: principal), let server = await session.protocolSession else {
            return HTTPReplies.error(.invalidRequest("unknown or terminated session: initialize again"), id: payload.firstRequestID, status: .notFound)
        }
        await session.touch()
        let negotiated = await server.handshake?.protocolVersion ?? ProtocolVersion.assumedWithoutHeader
        if let version = headers[MCPHeaders.protocolVersion], version != negotiated.rawValue {
            return HTTPReplies.error(.invalidRequest("MCP-Protocol-Version \(version) differs from the session's \(negotiated)"), id: payload.firstRequestID, status: .badRequest)
        }
        switch payload {
        case .invalid(let failure):
            return HTTPReplies.message(.errorResponse(failure), status: .badRequest)
        case .single(.notification(let notification)):
            await dispatcher.handle(notification, session: server)
            return HTTPReplies.accepted()
        case .single(.response), .single(.errorResponse):
            if case .single(let message) = payload { _ = await session.clientRequests.resolve(message) }
            return HTTPReplies.accepted()
        case .single(.request(let request)):
            if let refusal = await dispatcher.checkAccess(request, principal: principal) { return HTTPReplies.forbidden(refusal, id: request.id) }
            return await respond(to: request, session: session, server: server, headers: headers, principal: principal)
        case .batch(let elements):
            guard negotiated.allowsBatching else {
                return HTTPReplies.error(.invalidRequest("batches are allowed only in protocol revision 2025-03-26"), id: nil, status: .badRequest)
            }
            return await batch(elements, session: session, server: server, principal: principal)
        }
    }

    private func initialize(_ request: JSONRPCRequest, principal: Principal) async -> Response {
        guard let session = await sessions.create(principal: principal), let server = await session.protocolSession else {
            return HTTPReplies.error(.internalError("too many sessions; try again later"), id: request.id, status: .serviceUnavailable)
        }
        let origin = Dispatcher.Origin(principal: principal, sink: { _ in })
        let reply = await dispatcher.handle(request, session: server, origin: origin)
        guard case .response = reply else {
            await sessions.remove(session.id)
            let failure = reply ?? .errorResponse(JSONRPCErrorResponse(id: request.id, error: .internalError("initialize was cancelled")))
            return HTTPReplies.message(failure, status: .badRequest)
        }
        // L22: the session id rides on the InitializeResult response.
        return HTTPReplies.message(reply ?? .response(JSONRPCResponse(id: request.id, result: [:])), headers: [MCPHeaders.sessionID: session.id])
    }

    private func respond(to request: JSONRPCRequest, session: HTTPSession, server: ServerSession, headers: HTTPFields, principal: Principal) async -> Response {
        let capabilities = await server.handshake?.clientCapabilities ?? ClientCapabilities()
        let logLevel = await server.logLevel
        let mayStream = request.params?.progressToken != nil || logLevel != nil
            || (request.method == Method.toolsCall && capabilities.sampling)
        guard mayStream, !configuration.jsonResponsesOnly, headers.acceptsEventStream else {
            let origin = Dispatcher.Origin(principal: principal, sink: { _ in })
            guard let reply = await streams.request({ await run(request, server: server, origin: origin) }) else {
                return HTTPReplies.error(.internalError("the request was cancelled"), id: request.id, status: .ok)
            }
            return HTTPReplies.message(reply)
        }
        let stream = await session.openStream()
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        await stream.attach(outbox, resumingAfter: nil)
        let sink: OutboundSink = { message in await stream.publish(message) }
        let origin = Dispatcher.Origin(
            principal: principal, sink: sink, requester: ClientRequester(tracker: session.clientRequests, sink: sink)
        )
        let index = stream.index
        let streams = self.streams
        Task {
            await streams.request {
                if let reply = await run(request, server: server, origin: origin) {
                    await stream.publish(reply, final: true)
                } else {
                    await stream.close()
                }
            }
            await session.streamFinished(index)
        }
        // L14: a dropped connection is not a cancellation; the stream can be resumed with GET.
        return SSEResponse.stream(outbox, tracker: streams, onDisconnect: {
            Task { await stream.detach(outbox) }
        })
    }

    /// Runs a request registered in its session, so `notifications/cancelled` can reach it.
    private func run(_ request: JSONRPCRequest, server: ServerSession, origin: Dispatcher.Origin) async -> JSONRPCMessage? {
        let handle = CancellationHandle()
        guard await server.register(request.id, cancel: { handle.cancel() }) else {
            return .errorResponse(JSONRPCErrorResponse(id: request.id, error: .invalidRequest("request id \(request.id) is already in use by a request in flight")))
        }
        let dispatcher = self.dispatcher
        let task = Task { await dispatcher.handle(request, session: server, origin: origin) }
        handle.attach(task)
        let reply = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        await server.finish(request.id)
        return reply
    }

    private func batch(_ elements: [JSONRPCBatchElement], session: HTTPSession, server: ServerSession, principal: Principal) async -> Response {
        var replies: [JSONRPCMessage] = []
        let origin = Dispatcher.Origin(principal: principal, sink: { _ in })
        await withTaskGroup(of: JSONRPCMessage?.self) { group in
            for element in elements {
                switch element {
                case .invalid(let failure): replies.append(.errorResponse(failure))
                case .message(.request(let request)) where request.method == Method.initialize:
                    replies.append(.errorResponse(JSONRPCErrorResponse(id: request.id, error: .invalidRequest("initialize cannot be batched"))))
                case .message(.request(let request)):
                    group.addTask { await self.run(request, server: server, origin: origin) }
                case .message(.notification(let notification)):
                    await dispatcher.handle(notification, session: server)
                case .message(let message):
                    _ = await session.clientRequests.resolve(message)
                }
            }
            for await reply in group { if let reply { replies.append(reply) } }
        }
        guard !replies.isEmpty else { return HTTPReplies.accepted() }
        return HTTPReplies.json(.array(replies.map(\.json)))
    }

    // MARK: GET and DELETE

    /// L15–L21: the session's stream for server-initiated messages, or a resumed stream.
    func get(headers: HTTPFields, principal: Principal) async -> Response {
        guard let sessionID = headers[MCPHeaders.sessionID] else {
            return HTTPReplies.error(.invalidRequest("missing Mcp-Session-Id header"), id: nil, status: .badRequest)
        }
        guard headers.acceptsEventStream else {
            return HTTPReplies.error(.invalidRequest("GET opens an event stream: send Accept: text/event-stream"), id: nil, status: .notAcceptable)
        }
        guard case .found(let session) = await sessions.lookup(sessionID, principal: principal) else {
            return HTTPReplies.error(.invalidRequest("unknown or terminated session"), id: nil, status: .notFound)
        }
        await session.touch()
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        var target = await session.getStream
        var resumeAfter: Int?
        if let lastEventID = headers[MCPHeaders.lastEventID], let position = ReplayableStream.parse(eventID: lastEventID),
            let stream = await session.stream(position.stream)
        {
            target = stream
            resumeAfter = position.seq
        }
        guard let target else { return HTTPReplies.error(.invalidRequest("the session has ended"), id: nil, status: .notFound) }
        // A new GET replaces a stale one instead of being refused (pain point 5).
        await target.attach(outbox, resumingAfter: resumeAfter)
        return SSEResponse.stream(outbox, tracker: streams, onDisconnect: {
            Task { await target.detach(outbox) }
        })
    }

    /// L27: ends a session.
    func delete(headers: HTTPFields, principal: Principal) async -> Response {
        guard let sessionID = headers[MCPHeaders.sessionID] else {
            return HTTPReplies.error(.invalidRequest("missing Mcp-Session-Id header"), id: nil, status: .badRequest)
        }
        guard case .found = await sessions.lookup(sessionID, principal: principal) else {
            return HTTPReplies.error(.invalidRequest("unknown or terminated session"), id: nil, status: .notFound)
        }
        await sessions.remove(sessionID)
        return Response(status: .noContent)
    }
}

extension JSONRPCPayload {
    /// The id of the request in a single-message payload, for error responses.
    var firstRequestID: MCP.RequestID? {
        if case .single(.request(let request)) = self { return request.id }
        return nil
    }
}
