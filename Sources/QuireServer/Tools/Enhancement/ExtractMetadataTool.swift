import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    var extractMetadata: ToolDefinition {
        let tool = Tool(
            name: "extract_metadata",
            title: "Extract metadata with a language model",
            description: """
                Ask a language model to extract the metadata described by schema (prompt text naming the fields). \
                format json: the answer's fields are merged into custom_metadata (non-string values as JSON text) and \
                returned as an object. format text: the answer is stored as custom_metadata.extracted_metadata and \
                returned as a string.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": Self.documentID,
                    "schema": SchemaBuilder.string("The metadata to extract, e.g. \"author, publication year, main topic\".", minLength: 1),
                    "format": SchemaBuilder.string("Answer shape.", enum: ["json", "text"], default: "json"),
                ],
                required: ["document_id", "schema"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "document_id": ["type": "string"],
                    "metadata": ["type": ["object", "string"]],
                    "language_model": Self.usageSchema,
                ],
                required: ["document_id", "metadata"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            let schema = try arguments.requiredString("schema")
            let format = try arguments.string("format") ?? "json"
            let model = try model(for: context)
            let document = try await document(id)
            let outcome = try await EnhancementOperations(model: model).metadata(document, schema: schema, json: format == "json")
            let stored = try await write(id, outcome.change)
            return .structured([
                "document_id": .string(stored.uuid), "metadata": outcome.value,
                "language_model": EnhancementOperations.usage([outcome.completion], provider: model.provider),
            ])
        }
    }
}
