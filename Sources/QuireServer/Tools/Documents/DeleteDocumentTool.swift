import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var deleteDocument: ToolDefinition {
        let tool = Tool(
            name: "delete_document",
            title: "Delete a document",
            description: "Delete one document by its uuid. This cannot be undone.",
            inputSchema: SchemaBuilder.object(["document_id": SchemaBuilder.string("The document's uuid.", minLength: 1)], required: ["document_id"]),
            outputSchema: SchemaBuilder.output(
                ["deleted": ["type": "boolean"], "document_id": ["type": "string"]],
                required: ["deleted", "document_id"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let id = try Arguments(arguments).requiredString("document_id")
            guard try await storeCall({ try await store.delete(uuid: id) }) else { throw ToolError.documentNotFound(id) }
            return .structured(["deleted": true, "document_id": .string(id)])
        }
    }
}
