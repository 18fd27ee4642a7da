import MCPServer

/// The Batch tools (being built; see the issue for the catalogue).
struct BatchTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
