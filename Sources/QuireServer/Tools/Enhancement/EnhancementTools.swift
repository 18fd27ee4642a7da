import MCPServer

/// The Enhancement tools (being built; see the issue for the catalogue).
struct EnhancementTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
