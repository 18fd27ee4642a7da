/// A request: a method call that expects a response.
public struct JSONRPCRequest: Sendable, Hashable {
    /// The request id this answers (or sends).
    public var id: RequestID
    /// The method name.
    public var method: String
    /// The `params` member: an object or array, or `nil` when absent.
    public var params: JSONValue?

    /// Creates a `JSONRPCRequest` from its members.
    public init(id: RequestID, method: String, params: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A notification: a method call without an id, never answered.
public struct JSONRPCNotification: Sendable, Hashable {
    /// The method name.
    public var method: String
    /// The parameters, if any.
    public var params: JSONValue?

    /// Creates a `JSONRPCNotification` from its members.
    public init(method: String, params: JSONValue? = nil) {
        self.method = method
        self.params = params
    }
}

/// A successful response.
public struct JSONRPCResponse: Sendable, Hashable {
    /// The request id this answers (or sends).
    public var id: RequestID
    /// The result.
    public var result: JSONValue

    /// Creates a `JSONRPCResponse` from its members.
    public init(id: RequestID, result: JSONValue) {
        self.id = id
        self.result = result
    }
}

/// An error response. The id is `nil` (sent as `null`) when the request's id could not be read.
public struct JSONRPCErrorResponse: Error, Sendable, Hashable {
    /// The request id this answers (or sends).
    public var id: RequestID?
    /// The error.
    public var error: JSONRPCError

    /// Creates a `JSONRPCErrorResponse` from its members.
    public init(id: RequestID?, error: JSONRPCError) {
        self.id = id
        self.error = error
    }
}

/// Any single JSON-RPC 2.0 message.
public enum JSONRPCMessage: Sendable, Hashable {
    case request(JSONRPCRequest)
    case notification(JSONRPCNotification)
    case response(JSONRPCResponse)
    case errorResponse(JSONRPCErrorResponse)

    /// The message as a JSON object with `"jsonrpc": "2.0"`.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["jsonrpc": "2.0"]
        switch self {
        case .request(let request):
            members["id"] = request.id.json
            members["method"] = .string(request.method)
            if let params = request.params { members["params"] = params }
        case .notification(let notification):
            members["method"] = .string(notification.method)
            if let params = notification.params { members["params"] = params }
        case .response(let response):
            members["id"] = response.id.json
            members["result"] = response.result
        case .errorResponse(let response):
            members["id"] = response.id?.json ?? .null
            members["error"] = response.error.json
        }
        return .object(members)
    }

    /// The message serialized as compact JSON (no trailing newline).
    public var serialized: [UInt8] { json.serialized() }
}
