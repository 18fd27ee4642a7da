import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    static let purposeFields = ["context", "tags", "custom_metadata"]

    var enhanceForPurpose: ToolDefinition {
        let tool = Tool(
            name: "enhance_for_purpose",
            title: "Enhance a document for a purpose",
            description: """
                Ask a language model, in one request, for the chosen fields tailored to a purpose: context (replaces), \
                tags (replace), custom_metadata (merged key by key). All of them are written in one update and returned \
                as enhancements; a field the model left out is not changed.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_id": Self.documentID,
                    "purpose": SchemaBuilder.string("The purpose or use case, e.g. \"security review\".", minLength: 1),
                    "fields": [
                        "type": "array", "items": ["type": "string", "enum": ["context", "tags", "custom_metadata"]],
                        "minItems": 1, "uniqueItems": true, "default": ["context", "tags", "custom_metadata"],
                        "description": "Which fields to enhance.",
                    ],
                ],
                required: ["document_id", "purpose"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "document_id": ["type": "string"],
                    "enhancements": [
                        "type": "object",
                        "properties": [
                            "context": ["type": "string"], "tags": ["type": "array", "items": ["type": "string"]],
                            "custom_metadata": ["type": "object"],
                        ],
                    ],
                    "language_model": Self.usageSchema,
                ],
                required: ["document_id", "enhancements"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in
            let arguments = Arguments(arguments)
            let id = try arguments.requiredString("document_id")
            let purpose = try arguments.requiredString("purpose")
            let fields = try Self.fields(arguments.values["fields"])
            let model = try model(for: context)
            let document = try await document(id)
            let outcome = try await EnhancementOperations(model: model).purpose(document, purpose: purpose, fields: fields)
            let stored = try await write(id, outcome.change)
            return .structured([
                "document_id": .string(stored.uuid), "enhancements": .object(outcome.value),
                "language_model": EnhancementOperations.usage([outcome.completion], provider: model.provider),
            ])
        }
    }

    /// The `fields` argument, defaulting to all three.
    static func fields(_ value: JSONValue?) throws -> [String] {
        guard let value, value != .null else { return purposeFields }
        guard case .array(let items) = value, !items.isEmpty else { throw ToolError.invalidArguments("fields: expected a non-empty array") }
        return try items.map { item in
            guard let name = item.stringValue, purposeFields.contains(name) else {
                throw ToolError.invalidArguments("fields: \(item.jsonString) is not one of \(purposeFields.joined(separator: ", "))")
            }
            return name
        }
    }
}
