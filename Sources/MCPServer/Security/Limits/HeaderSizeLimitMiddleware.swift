import Hummingbird
import HTTPTypes
import MCP

/// Refuses requests whose header fields add up to more than a cap with
/// `431 Request Header Fields Too Large` and a JSON body (a JSON-RPC error, or a problem
/// document on `/mcp/v1/…`).
///
/// What lies underneath: Hummingbird's HTTP/1 decoder (NIO's `HTTPDecoder`) already stops at
/// 80 KB for one field, 80 KB for all fields together and 1,000 fields
/// (`HTTP1Channel.Configuration.DecoderConfiguration`), answering `400` with an empty body and
/// closing the connection. This middleware sets the usual, lower cap (16 KB by default, like most
/// servers) with an answer a client can act on. Put it first, before authentication, so an
/// oversized `Authorization` header is not parsed at all.
///
/// ```swift
/// router.add(middleware: HeaderSizeLimitMiddleware<MCPRequestContext>(maxBytes: 16 * 1024))
/// ```
public struct HeaderSizeLimitMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    /// The default cap: 16 KB of header fields.
    public static var defaultMaxBytes: Int { 16 * 1024 }

    /// The largest total allowed, counting each field as `name: value` plus its line break.
    public let maxBytes: Int

    /// A guard refusing more than `maxBytes` of header fields.
    public init(maxBytes: Int = 16 * 1024) {
        self.maxBytes = max(1, maxBytes)
    }

    /// Answers 431 when the request's header fields are too large; passes it on otherwise.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let size = Self.size(of: request.headers)
        guard size <= maxBytes else {
            let message = "Request header fields too large: \(size) bytes, at most \(maxBytes) allowed"
            let status = HTTPResponse.Status.requestHeaderFieldsTooLarge
            if RESTPaths.isREST(request.uri.path) {
                return RESTProblem(status: status, code: JSONRPCError.Code.invalidRequest, message: message).response
            }
            return HTTPReplies.error(JSONRPCError(code: JSONRPCError.Code.invalidRequest, message: message), id: nil, status: status)
        }
        return try await next(request, context)
    }

    /// The bytes the fields take on the wire in HTTP/1.1: `name: value\r\n` each.
    static func size(of fields: HTTPFields) -> Int {
        fields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
    }
}
