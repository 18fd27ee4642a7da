import MCP

/// A failure inside a tool, reported to the caller as an `isError` result that the model can
/// read, with `structuredContent.error = {code, message, data?}`.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

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

    public var result: CallToolResult { .error(code: code, message: message, data: data) }
}
