import Hummingbird
import HTTPTypes
import MCP

/// The 429 answer, shaped for the path it refuses: a problem document on the REST routes
/// (`/mcp/v1/…`), a JSON-RPC error (`-32029`, `data.retryAfterSeconds`) everywhere else.
enum RateLimitRefusal {
    static func response(path: String, retryAfterSeconds: Int, message: String? = nil, headers: HTTPFields) -> Response {
        let error = JSONRPCError.rateLimited(retryAfterSeconds: retryAfterSeconds)
        let text = message ?? error.message
        if RESTPaths.isREST(path) {
            var problem = RESTProblem(status: .tooManyRequests, code: error.code, message: text, data: error.data)
            problem.headers = headers
            return problem.response
        }
        let body = JSONRPCError(code: error.code, message: text, data: error.data)
        return HTTPReplies.error(body, id: nil, status: .tooManyRequests, headers: headers)
    }
}

extension RESTPaths {
    /// Whether `path` is one of the REST routes (`/mcp/v1` and below).
    static func isREST(_ path: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }
}
