import MCPServer

/// The ChangeFeed tools (being built; see the issue for the catalogue).
struct ChangeFeedTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
