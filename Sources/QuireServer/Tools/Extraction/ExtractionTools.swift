import MCPServer

/// The Extraction tools (being built; see the issue for the catalogue).
struct ExtractionTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [] }
}
