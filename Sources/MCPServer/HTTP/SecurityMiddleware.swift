import Hummingbird
import HTTPTypes
import MCP

/// Refuses requests whose `Origin` or `Host` is not allowed, before any handler runs (L2, DNS
/// rebinding): 403 with a JSON-RPC error body.
struct SecurityMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let policy: OriginPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = refusal(of: request) { return refusal }
        return try await next(request, context)
    }

    /// The 403 for a refused request. Synchronous and kept out of `handle`, whose async frame
    /// every connection keeps for its lifetime.
    @inline(never)
    private func refusal(of request: Request) -> Response? {
        guard let reason = policy.rejectHost(request.head.authority) ?? policy.rejectOrigin(request.headers[.origin]) else { return nil }
        return HTTPReplies.error(.invalidRequest(reason), id: nil, status: .forbidden)
    }
}
