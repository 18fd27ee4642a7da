import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    var updateCollection: ToolDefinition {
        let tool = Tool(
            name: "update_collection",
            title: "Update a collection",
            description: """
                Rename a collection, change its description or shared metadata (metadata_updates merges key by key; null \
                removes a key), and remove then add members, all in one transaction. A rename is written into every \
                member's `collection` field. A record already in another collection is not added (use move_documents); \
                it and any other record that cannot be added or removed are listed in failed_members.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "collection_id": SchemaBuilder.string("The collection's id or name.", minLength: 1),
                    "name": SchemaBuilder.string("A new name, unique among the collection's siblings.", minLength: 1),
                    "description": SchemaBuilder.string("A new description; an empty string removes it."),
                    "metadata_updates": SchemaBuilder.metadata("Shared metadata to set (string, number, boolean) or remove (null)."),
                    "add_members": Self.uuids("Uuids of documents to add."),
                    "remove_members": Self.uuids("Uuids of documents to take out of the collection."),
                ],
                required: ["collection_id"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "collection_id": ["type": "string"],
                    "name": ["type": "string"],
                    "updated": ["type": "boolean"],
                    "members_added": ["type": "integer"],
                    "members_removed": ["type": "integer"],
                    "total_members": ["type": "integer"],
                    "failed_members": CollectionJSON.failuresSchema,
                ],
                required: ["collection_id", "updated", "members_added", "members_removed", "total_members", "failed_members"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in try await update(Arguments(arguments)) }
    }

    private func update(_ arguments: Arguments) async throws -> CallToolResult {
        let reference = try arguments.requiredString("collection_id")
        let edit = CollectionEdit(
            name: try arguments.string("name"),
            description: try arguments.string("description"),
            sharedMetadata: try CollectionJSON.sharedMetadata(
                arguments.object("metadata_updates") ?? [:], argument: "metadata_updates", allowNull: true
            ),
            removeMembers: try Self.strings(arguments, "remove_members"),
            addMembers: try Self.strings(arguments, "add_members")
        )
        let result = try await storeCall { try await store.updateCollection(reference, edit) }
        return .structured([
            "collection_id": .string(result.header.uuid),
            "name": .string(result.header.title),
            "updated": .bool(result.headerChanged),
            "members_added": .int(result.added.count),
            "members_removed": .int(result.removed.count),
            "total_members": .int(result.totalMembers),
            "failed_members": CollectionJSON.failures(result.failures),
        ])
    }
}
