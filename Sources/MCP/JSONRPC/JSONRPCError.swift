/// A JSON-RPC error object: the `error` member of an error response.
public struct JSONRPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "\(message) (\(code))" }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }
}

extension JSONRPCError {
    /// Standard and MCP-specific error codes.
    public enum Code {
        public static let parseError = -32700
        public static let invalidRequest = -32600
        public static let methodNotFound = -32601
        public static let invalidParams = -32602
        public static let internalError = -32603
        /// 2026-07-28: an HTTP header disagrees with the body.
        public static let headerMismatch = -32020
        /// 2026-07-28: the request needs a client capability the client did not declare.
        public static let missingRequiredClientCapability = -32021
        /// 2026-07-28: the requested protocol version is not supported.
        public static let unsupportedProtocolVersion = -32022
        /// The resource named by a URI does not exist (spec revisions up to 2025-11-25).
        public static let resourceNotFound = -32002
        /// The caller is authenticated but its scopes do not allow this request (HTTP 403).
        public static let insufficientScope = -32030
        /// The request carried no acceptable credentials (HTTP 401).
        public static let unauthorized = -32031
        /// The caller sent too many requests; `data.retryAfterSeconds` says when to try again (HTTP 429).
        public static let rateLimited = -32029
    }

    public static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: Code.parseError, message: "Parse error: \(detail)")
    }

    public static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: Code.invalidRequest, message: "Invalid request: \(detail)")
    }

    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: Code.methodNotFound, message: "Method not found: \(method)")
    }

    public static func invalidParams(_ detail: String, data: JSONValue? = nil) -> JSONRPCError {
        JSONRPCError(code: Code.invalidParams, message: "Invalid params: \(detail)", data: data)
    }

    public static func internalError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: Code.internalError, message: "Internal error: \(detail)")
    }

    /// 2026-07-28 `-32022`, naming what the server supports so the client can retry.
    public static func unsupportedProtocolVersion(requested: String, supported: [ProtocolVersion]) -> JSONRPCError {
        JSONRPCError(
            code: Code.unsupportedProtocolVersion,
            message: "Unsupported protocol version: \(requested)",
            data: ["supported": .array(supported.map { .string($0.rawValue) }), "requested": .string(requested)]
        )
    }

    /// 2026-07-28 `-32021`, listing the capabilities the request needs.
    public static func missingClientCapability(_ capabilities: [String]) -> JSONRPCError {
        var required: [String: JSONValue] = [:]
        for capability in capabilities { required[capability] = .object([:]) }
        return JSONRPCError(
            code: Code.missingRequiredClientCapability,
            message: "Missing required client capability: \(capabilities.joined(separator: ", "))",
            data: ["requiredCapabilities": .object(required)]
        )
    }

    /// The caller lacks a scope the request needs; `scopes` names every one it needs.
    public static func insufficientScope(_ scopes: [String], permission: String) -> JSONRPCError {
        JSONRPCError(
            code: Code.insufficientScope,
            message: "Forbidden: this request needs the \(permission) permission (scope \(scopes.joined(separator: " ")))",
            data: ["requiredScopes": .array(scopes.map { .string($0) }), "permission": .string(permission)]
        )
    }

    /// Too many requests from this caller; try again after `retryAfterSeconds`.
    public static func rateLimited(retryAfterSeconds: Int) -> JSONRPCError {
        JSONRPCError(
            code: Code.rateLimited,
            message: "Too many requests: try again in \(retryAfterSeconds) s",
            data: ["retryAfterSeconds": .int(retryAfterSeconds)]
        )
    }
}
