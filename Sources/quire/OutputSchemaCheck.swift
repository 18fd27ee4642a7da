import MCP
import MCPServer

/// Checks a tool result's `structuredContent` against the tool's declared `outputSchema`
/// (`mcp-client.md` §9): a mismatch is a warning, never a failure, since the data is still shown.
enum OutputSchemaCheck {
    static func warning(for result: JSONValue, tool: String, outputSchema: JSONValue?) -> String? {
        guard let outputSchema, outputSchema != .null, result["isError"]?.boolValue != true,
              let structured = result["structuredContent"], structured != .null else { return nil }
        let violations = JSONSchemaValidator().validate(structured, against: outputSchema)
        guard let first = violations.first else { return nil }
        let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
        return "warning: the result of '\(tool)' does not match its output schema: \(first)\(more)\n"
    }
}
