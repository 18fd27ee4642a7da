import Hummingbird
import HTTPTypes
import MCP

/// `subscriptions/listen` (2026-07-28, M15): a POST whose SSE response stays open, first
/// acknowledging what it will deliver, then carrying only those notifications, each tagged with
/// the listen request's id as `io.modelcontextprotocol/subscriptionId`.
final class ListenRegistry: Sendable {
    let definition: ServerDefinition
    let configuration: HTTPTransportConfiguration
    let streams: StreamTracker
    /// Notifications many listeners receive are serialized once (see ``ListenRenderer``).
    let renderer = ListenRenderer()

    init(definition: ServerDefinition, configuration: HTTPTransportConfiguration, streams: StreamTracker) {
        self.definition = definition
        self.configuration = configuration
        self.streams = streams
    }

    /// One accepted listen request on its way to becoming a stream. A class, so that the async
    /// frame that waits for the subscriptions holds one reference: this frame is kept by the
    /// connection for as long as the stream is open.
    private final class Listener: Sendable {
        let requestID: MCP.RequestID
        let uris: [String]
        let honoured: [String: JSONValue]
        let outbox: SSEOutbox
        let session: ServerSession

        init(requestID: MCP.RequestID, uris: [String], honoured: [String: JSONValue], outbox: SSEOutbox, session: ServerSession) {
            self.requestID = requestID
            self.uris = uris
            self.honoured = honoured
            self.outbox = outbox
            self.session = session
        }
    }

    func listen(_ request: JSONRPCRequest, headers: HTTPFields) async -> Response {
        let listener: Listener
        switch prepare(request, headers: headers) {
        case .failure(let refusal): return refusal.response
        case .success(let prepared): listener = prepared
        }
        var accepted: [String] = []
        if let subscriptions = definition.resourceSubscriptions {
            for uri in listener.uris where (try? await subscriptions.subscribe(uri, session: listener.session)) != nil {
                accepted.append(uri)
            }
        }
        return open(listener, accepted: accepted)
    }

    private struct Refusal: Error { let response: Response }

    /// Checks the request and builds its stream and session; nothing is subscribed yet.
    private func prepare(_ request: JSONRPCRequest, headers: HTTPFields) -> Result<Listener, Refusal> {
        guard headers.acceptsEventStream, !configuration.jsonResponsesOnly else {
            return .failure(Refusal(response: HTTPReplies.error(
                .invalidRequest("subscriptions/listen answers with an event stream: send Accept: text/event-stream"),
                id: request.id, status: .badRequest
            )))
        }
        let filter = request.params?["notifications"]?.objectValue ?? [:]
        let uris = filter["resourceSubscriptions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !uris.isEmpty, definition.resourceSubscriptions == nil {
            return .failure(Refusal(response: HTTPReplies.error(
                .invalidParams("this server offers no resource subscriptions"), id: request.id, status: .badRequest
            )))
        }
        let outbox = SSEOutbox(limit: configuration.streamBufferLimit)
        let subscriptionID = request.id.json
        let renderer = self.renderer
        let send: OutboundSink = { message in outbox.send(renderer.event(for: message, subscriptionID: subscriptionID)) }
        // A session of its own carries the resource updates into this one stream.
        let session = ServerSession(id: "listen-\(request.id)", principal: .local, sink: send)
        var honoured: [String: JSONValue] = [:]
        // Lists never change on this server, so the list flags are honoured trivially.
        for flag in ["toolsListChanged", "promptsListChanged", "resourcesListChanged"] where filter[flag] == .bool(true) {
            honoured[flag] = true
        }
        return .success(Listener(requestID: request.id, uris: uris, honoured: honoured, outbox: outbox, session: session))
    }

    /// Sends the acknowledgement and answers with the stream.
    private func open(_ listener: Listener, accepted: [String]) -> Response {
        var honoured = listener.honoured
        if !listener.uris.isEmpty { honoured["resourceSubscriptions"] = .array(accepted.map(JSONValue.string)) }
        let acknowledgement = JSONRPCMessage.notification(JSONRPCNotification(
            method: Method.subscriptionsAcknowledged, params: ["notifications": .object(honoured)]
        ))
        listener.outbox.send(renderer.event(for: acknowledgement, subscriptionID: listener.requestID.json))
        let subscriptions = definition.resourceSubscriptions
        let session = listener.session
        return SSEResponse.stream(listener.outbox, tracker: streams, onDisconnect: {
            Task { for uri in accepted { await subscriptions?.unsubscribe(uri, session: session) } }
        })
    }
}
