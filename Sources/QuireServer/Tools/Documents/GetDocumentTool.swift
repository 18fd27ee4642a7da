import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var getDocument: ToolDefinition {
        let tool = Tool(
            name: "get_document",
            title: "Get a document",
            description: "Fetch one document by its uuid, with its content, metadata and (on request) embedding.",
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": SchemaBuilder.string("The document's uuid.", minLength: 1),
                    "include_content": SchemaBuilder.boolean("Include the text content.", default: true),
                    "include_metadata": SchemaBuilder.boolean("Include the metadata.", default: true),
                    "include_embeddings": SchemaBuilder.boolean("Include the embedding vector.", default: false),
                ],
                required: ["document_id"]
            ),
            outputSchema: SchemaBuilder.output(["document": SchemaBuilder.document], required: ["document"]),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            guard let document = try await storeCall({ try await store.get(uuid: id) }) else { throw ToolError.documentNotFound(id) }
            let json = DocumentJSON.json(
                document,
                includeContent: try arguments.bool("include_content", default: true),
                includeMetadata: try arguments.bool("include_metadata", default: true),
                includeEmbedding: try arguments.bool("include_embeddings", default: false)
            )
            return .structured(["document": .object(json)])
        }
    }
}
