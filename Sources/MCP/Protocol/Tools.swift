/// Hints about a tool's behaviour. Clients must not trust them from untrusted servers.
public struct ToolAnnotations: Sendable, Hashable, Codable {
    /// A human-readable name for display.
    public var title: String?
    /// The tool does not change its environment.
    public var readOnlyHint: Bool?
    /// The tool may delete or overwrite (meaningful when not read-only).
    public var destructiveHint: Bool?
    /// Calling it again with the same arguments has no further effect.
    public var idempotentHint: Bool?
    /// The tool reaches outside systems (the web, other services).
    public var openWorldHint: Bool?

    /// Creates a `ToolAnnotations` from its members.
    public init(title: String? = nil, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, idempotentHint: Bool? = nil, openWorldHint: Bool? = nil) {
        self.title = title
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
        self.idempotentHint = idempotentHint
        self.openWorldHint = openWorldHint
    }
}

/// A tool as listed by `tools/list`.
public struct Tool: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// A human-readable name for display.
    public var title: String?
    public var description: String?
    /// A JSON Schema object describing the arguments.
    public var inputSchema: JSONValue
    /// A JSON Schema object describing `structuredContent` of successful results.
    public var outputSchema: JSONValue?
    /// Hints about the tool's behaviour; clients must not rely on them for safety.
    public var annotations: ToolAnnotations?

    /// Creates a `Tool` from its members.
    public init(name: String, title: String? = nil, description: String? = nil, inputSchema: JSONValue, outputSchema: JSONValue? = nil, annotations: ToolAnnotations? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.annotations = annotations
    }
}

/// `tools/list` result.
public struct ListToolsResult: Sendable, Hashable, Codable {
    /// The tools on this page.
    public var tools: [Tool]
    /// The cursor for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a `ListToolsResult` from its members.
    public init(tools: [Tool], nextCursor: String? = nil) {
        self.tools = tools
        self.nextCursor = nextCursor
    }
}

/// `tools/call` parameters.
public struct CallToolParams: Sendable, Hashable, Codable {
    /// The programmatic name.
    public var name: String
    /// The arguments.
    public var arguments: [String: JSONValue]?

    /// Creates a `CallToolParams` from its members.
    public init(name: String, arguments: [String: JSONValue]? = nil) {
        self.name = name
        self.arguments = arguments
    }
}

/// `tools/call` result. A failure inside the tool is a result with `isError`, so the model can
/// read it and correct itself; protocol failures are JSON-RPC errors instead.
public struct CallToolResult: Sendable, Hashable, Codable {
    /// The content.
    public var content: [ContentBlock]
    /// The result as JSON, matching the tool's `outputSchema`.
    public var structuredContent: JSONValue?
    /// Whether the tool failed (the content says why).
    public var isError: Bool?

    /// Creates a `CallToolResult` from its members.
    public init(content: [ContentBlock], structuredContent: JSONValue? = nil, isError: Bool? = nil) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
    }

    /// A result whose structured content is `value`, mirrored as one JSON text block for clients
    /// that read only `content`.
    public static func structured(_ value: JSONValue) -> CallToolResult {
        CallToolResult(content: [.text(value.jsonString)], structuredContent: value)
    }

    /// A tool error: `isError` with a text block and `structuredContent.error = {code, message, data?}`.
    public static func error(code: Int, message: String, data: JSONValue? = nil) -> CallToolResult {
        var error: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { error["data"] = data }
        return CallToolResult(content: [.text(message)], structuredContent: ["error": .object(error)], isError: true)
    }
}
