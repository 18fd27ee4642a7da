import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    var improveTitle: ToolDefinition {
        let tool = Tool(
            name: "improve_title",
            title: "Improve a document's title",
            description: "Ask a language model for a better title in the given style; it replaces the stored title and is returned.",
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": Self.documentID,
                    "style": SchemaBuilder.string("Title style.", enum: ["descriptive", "technical", "concise"], default: "descriptive"),
                ],
                required: ["document_id"]
            ),
            outputSchema: SchemaBuilder.output(
                ["document_id": ["type": "string"], "title": ["type": "string"], "language_model": Self.usageSchema],
                required: ["document_id", "title"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            let style = try arguments.string("style") ?? "descriptive"
            let model = try model(for: context)
            let document = try await document(id)
            let outcome = try await EnhancementOperations(model: model).title(document, style: style)
            let stored = try await write(id, outcome.change)
            return .structured([
                "document_id": .string(stored.uuid), "title": .string(outcome.value),
                "language_model": EnhancementOperations.usage([outcome.completion], provider: model.provider),
            ])
        }
    }
}
