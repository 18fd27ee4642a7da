import Hummingbird
import MCP

/// Adds routes to the HTTP server beside `/mcp` and `/sse`, for layers above this one (the
/// document server's REST routes, uploads, operational endpoints).
public protocol HTTPRouteProvider: Sendable {
    func addRoutes(to router: Router<BasicRequestContext>, context: HTTPRouteContext)
}

/// What route providers share with the core HTTP server.
public struct HTTPRouteContext: Sendable {
    public let dispatcher: Dispatcher
    public let configuration: HTTPTransportConfiguration
    let streams: StreamTracker

    /// The principal a request acts for (anonymous until authentication is configured).
    public func principal(for request: Request) -> Principal { Principal(id: "anonymous", scopes: ["*"]) }

    /// A streaming `text/event-stream` response that drains `outbox`, sends keep-alive comments,
    /// is ended on server shutdown, and calls `onDisconnect` when the client goes away.
    public func eventStream(_ outbox: SSEOutbox, onDisconnect: @escaping @Sendable () -> Void = {}) -> Response {
        SSEResponse.stream(outbox, keepAlive: configuration.keepAliveInterval, tracker: streams, onDisconnect: onDisconnect)
    }

    /// Runs `work` counted as a request in flight, so shutdown lets it finish.
    public func inFlight<T: Sendable>(_ work: () async -> T) async -> T { await streams.request(work) }

    /// A JSON response.
    public func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response { HTTPReplies.json(value, status: status) }
}
