import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    var enhanceContext: ToolDefinition {
        let tool = Tool(
            name: "enhance_context",
            title: "Enhance a document's context",
            description: """
                Ask a language model to write the document's context: why it matters for a purpose. The new context \
                replaces the stored one and is returned. Uses MCP sampling when the client supports it, else the \
                server's configured chat endpoint.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": Self.documentID,
                    "purpose": SchemaBuilder.string("What the context should focus on, e.g. \"onboarding new engineers\".", minLength: 1),
                    "current_context": SchemaBuilder.string("Existing context to improve on; defaults to the document's stored context."),
                ],
                required: ["document_id", "purpose"]
            ),
            outputSchema: SchemaBuilder.output(
                ["document_id": ["type": "string"], "context": ["type": "string"], "language_model": Self.usageSchema],
                required: ["document_id", "context"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            let purpose = try arguments.requiredString("purpose")
            let current = try arguments.string("current_context")
            let model = try model(for: context)
            let document = try await document(id)
            let outcome = try await EnhancementOperations(model: model).context(document, purpose: purpose, current: current ?? document.context)
            let stored = try await write(id, outcome.change)
            return .structured([
                "document_id": .string(stored.uuid), "context": .string(outcome.value),
                "language_model": EnhancementOperations.usage([outcome.completion], provider: model.provider),
            ])
        }
    }

    /// The `language_model` member of every enhancement result.
    static let usageSchema: JSONValue = [
        "type": "object",
        "description": "Which model answered (sampling or chat-completions) and the tokens it reported.",
        "properties": [
            "provider": ["type": "string"], "model": ["type": "string"],
            "input_tokens": ["type": "integer"], "output_tokens": ["type": "integer"],
        ],
    ]
}
