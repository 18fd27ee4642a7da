import Hummingbird
import HTTPTypes
import MCP

/// An error answer of the REST routes: `{"error": {code, message, data?}}` plus the RFC 9457
/// problem-details members (`type`, `title`, `status`, `detail`), served as
/// `application/problem+json`. `error` keeps the JSON-RPC / ContextFrame code so clients written
/// for the original can branch on it.
public struct RESTProblem: Error, Sendable {
    /// The HTTP status of the answer.
    public var status: HTTPResponse.Status
    /// The JSON-RPC or tool error code (`error.code`).
    public var code: Int
    /// What went wrong, naming the field or thing at fault.
    public var message: String
    /// Details (`error.data`), such as schema `violations`.
    public var data: JSONValue?
    /// Extra response headers (`Retry-After`, `Allow`).
    public var headers: HTTPFields = [:]

    /// A problem answered with `status`.
    public init(status: HTTPResponse.Status, code: Int, message: String, data: JSONValue? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.data = data
    }

    /// A malformed request body or a bad argument (400, `-32602`).
    public static func badRequest(_ message: String) -> RESTProblem {
        RESTProblem(status: .badRequest, code: JSONRPCError.Code.invalidParams, message: message)
    }

    /// Something named by the path or body does not exist, or is not the caller's (404).
    public static func notFound(_ message: String, code: Int = JSONRPCError.Code.invalidParams) -> RESTProblem {
        RESTProblem(status: .notFound, code: code, message: message)
    }

    /// The `error` member alone.
    public var errorObject: JSONValue {
        var members: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }

    /// The whole problem document.
    public var json: JSONValue {
        [
            "error": errorObject,
            "type": "about:blank",
            "title": .string(status.reasonPhrase),
            "status": .int(status.code),
            "detail": .string(message),
        ]
    }

    /// The `application/problem+json` response.
    public var response: Response {
        var fields: HTTPFields = [.contentType: "application/problem+json"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.serialized())))
    }
}
