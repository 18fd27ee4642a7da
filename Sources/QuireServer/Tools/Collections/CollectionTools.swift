import MCPServer

/// The Collections tools (being built; see the issue for the catalogue).
struct CollectionTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
