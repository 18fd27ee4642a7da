import MCPServer

/// The Analytics tools (being built; see the issue for the catalogue).
struct AnalyticsTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
