import Hummingbird
import HTTPTypes
import MCP

/// JSON responses for the MCP endpoints.
enum HTTPReplies {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    static func message(_ message: JSONRPCMessage, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(message.json, status: status, headers: headers)
    }

    /// A JSON-RPC error response carrying the request's id (null when unknown).
    static func error(_ error: JSONRPCError, id: MCP.RequestID?, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        message(.errorResponse(JSONRPCErrorResponse(id: id, error: error)), status: status, headers: headers)
    }

    static func accepted() -> Response { Response(status: .accepted) }

    /// 403 for a scope shortfall, with the `insufficient_scope` challenge naming the scopes (A7).
    static func forbidden(_ error: JSONRPCError, id: MCP.RequestID?) -> Response {
        self.error(error, id: id, status: .forbidden, headers: BearerChallenge.headers(for: error))
    }

    /// The HTTP status for a 2026-07-28 error code (M9, and the table in the reference).
    static func modernStatus(for code: Int) -> HTTPResponse.Status {
        switch code {
        case JSONRPCError.Code.methodNotFound: return .notFound
        case JSONRPCError.Code.parseError, JSONRPCError.Code.invalidRequest, JSONRPCError.Code.invalidParams,
            JSONRPCError.Code.headerMismatch, JSONRPCError.Code.missingRequiredClientCapability,
            JSONRPCError.Code.unsupportedProtocolVersion:
            return .badRequest
        case JSONRPCError.Code.insufficientScope: return .forbidden
        case JSONRPCError.Code.rateLimited: return .tooManyRequests
        default: return .ok
        }
    }
}
