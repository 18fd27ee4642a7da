import Hummingbird
import MCP

/// Adds routes to the HTTP server beside `/mcp` and `/sse`, for layers above this one (the
/// document server's REST routes, uploads, operational endpoints).
///
/// Besides routes, a provider may describe them in `/openapi.json`, hold `/ready` back while
/// something it depends on is unusable, and publish gauges in `/metrics`. Each has a default
/// that does nothing.
public protocol HTTPRouteProvider: Sendable {
    func addRoutes(to router: Router<MCPRequestContext>, context: HTTPRouteContext)

    /// OpenAPI 3.1 path items for the routes this provider adds, by path.
    var openAPIPaths: [String: JSONValue] { get }

    /// OpenAPI 3.1 component schemas that ``openAPIPaths`` refer to (`#/components/schemas/NAME`), by name.
    var openAPISchemas: [String: JSONValue] { get }

    /// Why the server cannot take work now (say, its store is unusable), or `nil` when this
    /// provider sees no problem. `/ready` answers 503 with the reason.
    func readinessProblem() async -> String?

    /// Called when `/metrics` is read, to refresh gauges (`metrics.setGauge`).
    func refreshMetrics(_ metrics: ServerMetrics) async
}

extension HTTPRouteProvider {
    public var openAPIPaths: [String: JSONValue] { [:] }
    public var openAPISchemas: [String: JSONValue] { [:] }
    public func readinessProblem() async -> String? { nil }
    public func refreshMetrics(_ metrics: ServerMetrics) async {}
}

/// What route providers share with the core HTTP server.
public struct HTTPRouteContext: Sendable {
    /// The dispatcher every route calls.
    public let dispatcher: Dispatcher
    /// The HTTP transport's settings.
    public let configuration: HTTPTransportConfiguration
    let streams: StreamTracker
    /// Whether the server is shutting down (`/ready` is 503 from that moment).
    public let lifecycle: ServerLifecycle
    /// Where refusals and changes made through these routes are recorded.
    public let audit: any AuditSink

    /// A 403 for routes outside the dispatcher (uploads, change streams) when the caller's scopes
    /// do not grant `permission`, or `nil` when they do. Same policy, same challenge as `/mcp`.
    public func refusal(_ permission: Permission, for context: MCPRequestContext, route: String) async -> Response? {
        let principal = context.principal
        if principal.scopes.contains("*") { return nil }
        guard let refusal = dispatcher.definition.access.refusal(for: principal, needing: permission) else { return nil }
        await audit.record(AuditEvent(
            kind: .permissionDenied, principal: principal.id, clientAddress: context.clientAddress, transport: "rest",
            method: route, outcome: "denied", reason: refusal.message
        ))
        var problem = RESTProblem(status: .forbidden, code: refusal.code, message: refusal.message, data: refusal.data)
        problem.headers = BearerChallenge.headers(for: refusal)
        return problem.response
    }

    /// A streaming `text/event-stream` response that drains `outbox`, sends keep-alive comments,
    /// is ended on server shutdown (after a final `shutdown` event), and calls `onDisconnect`
    /// when the client goes away.
    public func eventStream(_ outbox: SSEOutbox, onDisconnect: @escaping @Sendable () -> Void = {}) -> Response {
        SSEResponse.stream(outbox, tracker: streams, onDisconnect: onDisconnect)
    }

    /// Runs `work` counted as a request in flight, so shutdown lets it finish.
    public func inFlight<T: Sendable>(_ work: () async -> T) async -> T { await streams.request(work) }

    /// A JSON response.
    public func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response { HTTPReplies.json(value, status: status) }
}
