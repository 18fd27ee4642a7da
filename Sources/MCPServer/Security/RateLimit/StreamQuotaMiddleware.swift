import Hummingbird
import HTTPTypes

/// Applies a ``StreamQuota`` to the requests that open event streams (`GET` on `/mcp`, `/sse`
/// and the REST SSE routes): a slot is taken before the route runs and held by the response
/// body, so it frees when the stream ends — however it ends.
struct StreamQuotaMiddleware: RouterMiddleware {
    typealias Context = MCPRequestContext

    let quota: StreamQuota

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard quota.maxStreamsPerPrincipal != nil, request.method == .get, Self.opensStream(request.uri.path) else {
            return try await next(request, context)
        }
        let lease: StreamLease
        do {
            lease = try quota.acquire(principal: context.principal, clientAddress: context.clientAddress)
        } catch {
            return error.response(path: request.uri.path)
        }
        var response = try await next(request, context)
        let body = response.body
        response.body = ResponseBody { writer in
            defer { lease.release() }
            let copy = body
            try await copy.write(writer)
        }
        return response
    }

    static func opensStream(_ path: String) -> Bool {
        path == "/mcp" || path == "/sse" || path.hasPrefix("/mcp/v1/sse/")
    }
}
