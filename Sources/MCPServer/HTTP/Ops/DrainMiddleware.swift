import Hummingbird
import HTTPTypes
import MCP

/// Turns new work away once shutdown has begun, so that draining ends: new requests get 503 with
/// `Retry-After` and `Connection: close`. Still served: the probes (`/health`, `/ready`, `/metrics`,
/// `/openapi.json`) so load balancers see the state, and requests of an existing session (a
/// `Mcp-Session-Id` header or `/messages?sessionId=`), whose requests in flight may need a
/// cancellation or an answer from the client to finish.
struct DrainMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let lifecycle: ServerLifecycle

    static var probePaths: Set<String> { ["/health", "/ready", "/metrics", "/openapi.json"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard lifecycle.isDraining, !Self.probePaths.contains(request.uri.path), !Self.belongsToSession(request) else {
            return try await next(request, context)
        }
        return HTTPReplies.error(
            .internalError("the server is shutting down; retry on another instance"), id: nil, status: .serviceUnavailable,
            headers: [.retryAfter: "1", .connection: "close"]
        )
    }

    private static func belongsToSession(_ request: Request) -> Bool {
        request.headers[MCPHeaders.sessionID] != nil || (request.uri.path == "/messages" && request.uri.queryParameters.get("sessionId") != nil)
    }
}
