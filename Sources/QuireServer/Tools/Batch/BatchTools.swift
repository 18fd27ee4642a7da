import MCP
import MCPServer
import QuireStore

/// The Batch tools: many searches, adds, updates, deletes, extractions, an export or an import
/// in one call, each reporting every item's outcome, with progress and clean cancellation.
struct BatchTools: Sendable {
    let environment: ToolEnvironment

    var definitions: [ToolDefinition] {
        [batchSearch, batchAdd, batchUpdate, batchDelete, batchExtract, batchExport, batchImport]
    }

    var store: DocumentStore { environment.store }
    var documentTools: DocumentTools { DocumentTools(store: environment.store, embedder: environment.options.embedder) }

    /// The output schema entry for a list of per-item outcomes.
    static let outcomes: JSONValue = ["type": "array", "items": ["type": "object"]]
    static let errorList: JSONValue = ["type": "array", "items": ["type": "object"]]
}
