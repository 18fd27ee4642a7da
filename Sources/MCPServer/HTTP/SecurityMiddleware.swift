import Hummingbird
import HTTPTypes
import MCP

/// Refuses requests whose `Origin` or `Host` is not allowed, before any handler runs (L2, DNS
/// rebinding): 403 with a JSON-RPC error body.
struct SecurityMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let policy: OriginPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority
        if let reason = policy.rejectHost(host) ?? policy.rejectOrigin(request.headers[.origin]) {
            return HTTPReplies.error(.invalidRequest(reason), id: nil, status: .forbidden)
        }
        return try await next(request, context)
    }
}
