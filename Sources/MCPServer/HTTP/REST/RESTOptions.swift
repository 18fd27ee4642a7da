import HTTPTypes
import MCP

/// How the REST-style `/mcp/v1/*` routes behave: which tool calls run in the background, which
/// HTTP status each error code gets, and the limits on remembered operations.
public struct RESTOptions: Sendable {
    /// Tools whose calls always run as background operations (202 and an operation id).
    public var backgroundTools: BackgroundTools = .none
    /// HTTP statuses for tool-error codes of the server's own (say, ContextFrame's `-32001`), checked
    /// before the standard JSON-RPC codes.
    public var toolErrorStatuses: [Int: HTTPResponse.Status] = [:]
    /// How many operations are remembered and for how long.
    public var operationLimits = OperationLimits()
    /// How long `DELETE /mcp/v1/operations/{id}` waits for a cancelled tool to stop before it
    /// answers with the operation still running.
    public var cancelWait: Duration = .seconds(10)

    /// The defaults: no background tools, only the standard error codes mapped.
    public init() {}

    /// Tools that run in the background, by exact name or name prefix.
    public struct BackgroundTools: Sendable {
        /// Exact tool names.
        public var names: Set<String>
        /// Name prefixes, such as `batch_`.
        public var prefixes: [String]

        /// Tools named in `names` or starting with one of `prefixes`.
        public init(names: Set<String> = [], prefixes: [String] = []) {
            self.names = names
            self.prefixes = prefixes
        }

        /// No tool runs in the background unless the call asks with `"async": true`.
        public static let none = BackgroundTools()

        /// Whether calls of `tool` run in the background.
        public func contains(_ tool: String) -> Bool {
            names.contains(tool) || prefixes.contains { tool.hasPrefix($0) }
        }
    }

    /// The HTTP status for an `isError` tool result with `code` (and `data`).
    ///
    /// Argument validation failures (`-32602` with `violations`) are 422; other `-32602` are bad
    /// arguments (400); `-32603` is a real fault (500). A code neither the server nor JSON-RPC
    /// defines is a failure the tool reported on purpose, so 400 rather than 500.
    public func status(forToolError code: Int, data: JSONValue?) -> HTTPResponse.Status {
        if let status = toolErrorStatuses[code] { return status }
        switch code {
        case JSONRPCError.Code.invalidParams: return data?["violations"] != nil ? .unprocessableContent : .badRequest
        case JSONRPCError.Code.internalError: return .internalServerError
        case JSONRPCError.Code.methodNotFound: return .notFound
        default: return .badRequest
        }
    }

    /// The HTTP status for a JSON-RPC error response from the dispatcher.
    public func status(forProtocolError code: Int) -> HTTPResponse.Status {
        switch code {
        case JSONRPCError.Code.parseError, JSONRPCError.Code.invalidRequest, JSONRPCError.Code.invalidParams,
            JSONRPCError.Code.headerMismatch, JSONRPCError.Code.missingRequiredClientCapability,
            JSONRPCError.Code.unsupportedProtocolVersion:
            return .badRequest
        case JSONRPCError.Code.methodNotFound, JSONRPCError.Code.resourceNotFound:
            return .notFound
        case JSONRPCError.Code.insufficientScope:
            return .forbidden
        case JSONRPCError.Code.unauthorized:
            return .unauthorized
        case JSONRPCError.Code.rateLimited:
            return .tooManyRequests
        default:
            return .internalServerError
        }
    }
}

/// Bounds on the operations the server remembers (principle 4).
public struct OperationLimits: Sendable {
    /// How long a finished operation stays readable (status, replayed progress).
    public var retention: Duration = .seconds(300)
    /// Most operations remembered at once; the oldest finished ones make room, and a new one is
    /// refused when all are still running.
    public var maxOperations = 1000
    /// Most events kept per operation; beyond it the oldest progress and log events are dropped
    /// (the final event is always kept).
    public var maxEventsPerOperation = 1000

    /// Five minutes, 1,000 operations, 1,000 events each.
    public init() {}
}
