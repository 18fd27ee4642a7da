import MCP

/// Runs one tool call. `arguments` have already been validated against the input schema.
public typealias ToolHandler = @Sendable (_ arguments: [String: JSONValue], _ context: RequestContext) async throws -> CallToolResult

/// A tool: what `tools/list` shows and the code that runs it.
public struct ToolDefinition: Sendable {
    /// The tool as listed.
    public var tool: Tool
    /// Client capabilities the tool cannot work without (for example `"sampling"`); a
    /// 2026-07-28 call without them is refused with `-32021`.
    public var requiredClientCapabilities: [String]
    /// Runs the tool with validated arguments.
    public var handler: ToolHandler

    /// A tool, the client capabilities it needs and its handler.
    public init(_ tool: Tool, requiredClientCapabilities: [String] = [], handler: @escaping ToolHandler) {
        self.tool = tool
        self.requiredClientCapabilities = requiredClientCapabilities
        self.handler = handler
    }
}

/// The tools a server offers, in registration order so `tools/list` is stable.
public struct ToolRegistry: Sendable {
    /// The tools, in registration order.
    public private(set) var definitions: [ToolDefinition] = []
    private var index: [String: Int] = [:]

    /// A registry holding `definitions`.
    public init(_ definitions: [ToolDefinition] = []) {
        for definition in definitions { register(definition) }
    }

    /// Adds a tool; a later registration under the same name replaces the earlier one.
    public mutating func register(_ definition: ToolDefinition) {
        if let position = index[definition.tool.name] {
            definitions[position] = definition
        } else {
            index[definition.tool.name] = definitions.count
            definitions.append(definition)
        }
    }

    /// The tool named `name`.
    public subscript(name: String) -> ToolDefinition? {
        index[name].map { definitions[$0] }
    }

    /// The tools as `tools/list` shows them.
    public var tools: [Tool] { definitions.map(\.tool) }
    /// Whether there are no tools.
    public var isEmpty: Bool { definitions.isEmpty }
}
