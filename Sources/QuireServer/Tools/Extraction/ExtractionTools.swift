import MCPServer

/// The Extraction tools: documents from files under the configured roots.
struct ExtractionTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] { [extractFromFile] }
}
