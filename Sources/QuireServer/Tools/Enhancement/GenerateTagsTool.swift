import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    var generateTags: ToolDefinition {
        let tool = Tool(
            name: "generate_tags",
            title: "Generate tags with a language model",
            description: """
                Ask a language model for up to max_tags tags of the given kinds. The tags replace the document's \
                stored tags (as in ContextFrame) and are returned.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": Self.documentID,
                    "tag_types": SchemaBuilder.string("Kinds of tags to generate.", default: "topics, technologies, concepts"),
                    "max_tags": SchemaBuilder.integer("Most tags to return.", minimum: 1, maximum: 20, default: 5),
                ],
                required: ["document_id"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "document_id": ["type": "string"],
                    "tags": ["type": "array", "items": ["type": "string"]],
                    "language_model": Self.usageSchema,
                ],
                required: ["document_id", "tags"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            let types = try arguments.string("tag_types") ?? "topics, technologies, concepts"
            let maxTags = try arguments.int("max_tags", default: 5)
            guard (1...20).contains(maxTags) else { throw ToolError.invalidArguments("max_tags: must be between 1 and 20") }
            let model = try model(for: context)
            let document = try await document(id)
            let outcome = try await EnhancementOperations(model: model).tags(document, types: types, max: maxTags)
            let stored = try await write(id, outcome.change)
            return .structured([
                "document_id": .string(stored.uuid), "tags": .array(outcome.value.map(JSONValue.string)),
                "language_model": EnhancementOperations.usage([outcome.completion], provider: model.provider),
            ])
        }
    }
}
