import MCP

/// A failure inside a tool, reported to the caller as an `isError` result that the model can
/// read, with `structuredContent.error = {code, message, data?}`.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code (ContextFrame's -32000… or JSON-RPC's).
    public var code: Int
    /// What went wrong, naming the field at fault.
    public var message: String
    /// Details, if any.
    public var data: JSONValue?

    /// Creates a tool error.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// An argument the caller should change.
    public static func invalidArguments(_ message: String) -> ToolError {
        ToolError(code: JSONRPCError.Code.invalidParams, message: message)
    }

    public var description: String { "\(message) (\(code))" }

    /// The `isError` result this error becomes.
    public var result: CallToolResult { .error(code: code, message: message, data: data) }
}
