import Hummingbird
import HTTPTypes
import MCP

/// `subscriptions/listen` (2026-07-28, M15): a POST whose SSE response stays open, first
/// acknowledging what it will deliver, then carrying only those notifications, each tagged with
/// the listen request's id as `io.modelcontextprotocol/subscriptionId`.
struct ListenRegistry: Sendable {
    let definition: ServerDefinition
    let configuration: HTTPTransportConfiguration
    let streams: StreamTracker

    func listen(_ request: JSONRPCRequest, headers: HTTPFields) async -> Response {
        guard headers.acceptsEventStream, !configuration.jsonResponsesOnly else {
            return HTTPReplies.error(.invalidRequest("subscriptions/listen answers with an event stream: send Accept: text/event-stream"), id: request.id, status: .badRequest)
        }
        let filter = request.params?["notifications"]?.objectValue ?? [:]
        let uris = filter["resourceSubscriptions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !uris.isEmpty, definition.resourceSubscriptions == nil {
            return HTTPReplies.error(.invalidParams("this server offers no resource subscriptions"), id: request.id, status: .badRequest)
        }
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        let subscriptionID = request.id.json
        let tag: @Sendable (JSONRPCMessage) -> JSONRPCMessage = { message in
            guard case .notification(var notification) = message else { return message }
            var params = notification.params?.objectValue ?? [:]
            var meta = params["_meta"]?.objectValue ?? [:]
            meta[MetaKey.subscriptionID] = subscriptionID
            params["_meta"] = .object(meta)
            notification.params = .object(params)
            return .notification(notification)
        }
        let send: OutboundSink = { message in outbox.send(SSEEvent(event: "message", data: tag(message).json.jsonString)) }
        // A session of its own carries the resource updates into this one stream.
        let session = ServerSession(id: "listen-\(request.id)", principal: .local, sink: send)
        var honoured: [String: JSONValue] = [:]
        // Lists never change on this server, so the list flags are honoured trivially.
        for flag in ["toolsListChanged", "promptsListChanged", "resourcesListChanged"] where filter[flag] == .bool(true) {
            honoured[flag] = true
        }
        var accepted: [String] = []
        if let listener = definition.resourceSubscriptions {
            for uri in uris where (try? await listener.subscribe(uri, session: session)) != nil { accepted.append(uri) }
        }
        if !uris.isEmpty { honoured["resourceSubscriptions"] = .array(accepted.map(JSONValue.string)) }
        await send(.notification(JSONRPCNotification(method: Method.subscriptionsAcknowledged, params: ["notifications": .object(honoured)])))
        let listener = definition.resourceSubscriptions
        let subscribed = accepted
        return SSEResponse.stream(outbox, keepAlive: configuration.keepAliveInterval, tracker: streams, onDisconnect: {
            Task { for uri in subscribed { await listener?.unsubscribe(uri, session: session) } }
        })
    }
}
