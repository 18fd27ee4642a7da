import MCP

/// `tools/call` parameters and results converted by hand for the shapes nearly every call has,
/// instead of through the Codable bridge (a measurable share of a call's cost). Each function
/// returns `nil` for anything else, and the caller then uses the Codable path, so results and
/// error messages stay exactly those of ``JSONValueDecoder`` and ``JSONValueEncoder``.
enum ToolCallCoding {
    /// `params` as ``CallToolParams`` when `name` is a string and `arguments` an object or absent.
    static func params(_ params: JSONValue) -> CallToolParams? {
        guard case .object(let members) = params, case .string(let name)? = members["name"] else { return nil }
        switch members["arguments"] {
        case nil: return CallToolParams(name: name, arguments: nil)
        case .object(let arguments)?: return CallToolParams(name: name, arguments: arguments)
        default: return nil
        }
    }

    /// `result` as JSON when every content block is text without annotations.
    static func json(_ result: CallToolResult) -> JSONValue? {
        var blocks: [JSONValue] = []
        blocks.reserveCapacity(result.content.count)
        for block in result.content {
            guard case .text(let text, annotations: nil) = block else { return nil }
            blocks.append(.object(["type": "text", "text": .string(text)]))
        }
        var members: [String: JSONValue] = ["content": .array(blocks)]
        if let structured = result.structuredContent { members["structuredContent"] = structured }
        if let isError = result.isError { members["isError"] = .bool(isError) }
        return .object(members)
    }
}
