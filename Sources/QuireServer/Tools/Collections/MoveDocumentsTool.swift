import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    var moveDocuments: ToolDefinition {
        let tool = Tool(
            name: "move_documents",
            title: "Move documents between collections",
            description: """
                Move documents into target_collection (id or name), appended in the order given, or out of their \
                collections when target_collection is omitted or null. With source_collection only its members move. \
                update_metadata copies the target's shared metadata into each moved document's custom_metadata. One \
                transaction; documents that cannot move are listed in failed_moves and stay where they were.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_ids": Self.uuids("Uuids of the documents to move.", minItems: 1),
                    "source_collection": Self.optionalCollection("Move only documents in this collection (id or name)."),
                    "target_collection": Self.optionalCollection("The collection to move into (id or name); none takes them out of their collections."),
                    "update_metadata": SchemaBuilder.boolean("Apply the target's shared metadata to the moved documents.", default: true),
                ],
                required: ["document_ids"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "moved_count": ["type": "integer"],
                    "failed_count": ["type": "integer"],
                    "failed_moves": CollectionJSON.failuresSchema,
                    "moved_documents": ["type": "array", "items": ["type": "string"]],
                    "source_collection": ["type": ["string", "null"]],
                    "target_collection": ["type": ["string", "null"]],
                ],
                required: ["moved_count", "failed_count", "failed_moves", "source_collection", "target_collection"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let ids = try Self.strings(arguments, "document_ids")
            let source = try arguments.string("source_collection")
            let target = try arguments.string("target_collection")
            let apply = try arguments.bool("update_metadata", default: true)
            let move = try await storeCall {
                try await store.moveDocuments(ids, from: source, to: target, applySharedMetadata: apply)
            }
            return .structured([
                "moved_count": .int(move.moved.count),
                "failed_count": .int(move.failures.count),
                "failed_moves": CollectionJSON.failures(move.failures),
                "moved_documents": .array(move.moved.map(JSONValue.string)),
                "source_collection": move.source.map { .string($0.uuid) } ?? .null,
                "target_collection": move.target.map { .string($0.uuid) } ?? .null,
            ])
        }
    }
}
