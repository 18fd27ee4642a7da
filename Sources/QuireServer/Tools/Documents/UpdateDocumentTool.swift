import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var updateDocument: ToolDefinition {
        let tool = Tool(
            name: "update_document",
            title: "Update a document",
            description: """
                Change a document's content and/or metadata. Metadata merges: each top-level key given replaces that \
                field, custom_metadata merges key by key, and null removes. The uuid and created_at never change.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": SchemaBuilder.string("The document's uuid.", minLength: 1),
                    "content": SchemaBuilder.string("New text content."),
                    "metadata": SchemaBuilder.metadata("Metadata fields to change."),
                    "regenerate_embedding": SchemaBuilder.boolean("Recompute the embedding with the server's provider.", default: false),
                    "embedding": SchemaBuilder.numbers("A precomputed embedding to store."),
                ],
                required: ["document_id"]
            ),
            outputSchema: SchemaBuilder.output(["document": SchemaBuilder.document], required: ["document"]),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in try await update(Arguments(arguments)) }
    }

    private func update(_ arguments: Arguments) async throws -> CallToolResult {
        let id = try arguments.requiredString("document_id")
        let content = try arguments.string("content")
        let metadata = try arguments.object("metadata") ?? [:]
        var vector = try arguments.floats("embedding")
        if let vector { try checkDimension(vector, argument: "embedding") }
        if vector == nil, try arguments.bool("regenerate_embedding", default: false) {
            let text: String
            if let content {
                text = content
            } else {
                guard let current = try await storeCall({ try await store.get(uuid: id) }) else { throw ToolError.documentNotFound(id) }
                text = current.textContent ?? current.title
            }
            guard let generated = try await embed([text])?.first else {
                throw ToolError.embedding("regenerate_embedding needs an embedding provider; none is configured (or pass embedding)")
            }
            vector = generated
        }
        // Validate the metadata once up front so a bad key fails before the store is touched.
        var probe = Document(title: "probe")
        try DocumentJSON.apply(metadata, to: &probe)
        let newVector = vector
        let updated = try await storeCall {
            try await store.update(uuid: id) { document in
                if let content { document.textContent = content }
                try DocumentJSON.apply(metadata, to: &document)
                if let newVector { document.embedding = newVector }
            }
        }
        return .structured(["document": .object(DocumentJSON.json(updated))])
    }
}
