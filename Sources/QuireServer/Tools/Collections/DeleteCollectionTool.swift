import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    var deleteCollection: ToolDefinition {
        let tool = Tool(
            name: "delete_collection",
            title: "Delete a collection",
            description: """
                Delete a collection in one transaction. Members are kept and taken out of the collection unless \
                delete_members is true. A collection with sub-collections is deleted only with recursive: true (which \
                deletes every nested sub-collection, and with delete_members their members); otherwise nothing is deleted.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "collection_id": SchemaBuilder.string("The collection's id or name.", minLength: 1),
                    "delete_members": SchemaBuilder.boolean("Delete the member documents too.", default: false),
                    "recursive": SchemaBuilder.boolean("Delete nested sub-collections too.", default: false),
                ],
                required: ["collection_id"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "deleted_collections": ["type": "array", "items": ["type": "string"]],
                    "deleted_members": ["type": "array", "items": ["type": "string"]],
                    "total_collections_deleted": ["type": "integer"],
                    "total_members_deleted": ["type": "integer"],
                    "members_detached": ["type": "integer"],
                ],
                required: ["deleted_collections", "deleted_members", "total_collections_deleted", "total_members_deleted"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let reference = try arguments.requiredString("collection_id")
            let deleteMembers = try arguments.bool("delete_members", default: false)
            let recursive = try arguments.bool("recursive", default: false)
            let deletion = try await storeCall {
                try await store.deleteCollection(reference, deleteMembers: deleteMembers, recursive: recursive)
            }
            return .structured([
                "deleted_collections": .array(deletion.deletedCollections.map(JSONValue.string)),
                "deleted_members": .array(deletion.deletedMembers.map(JSONValue.string)),
                "total_collections_deleted": .int(deletion.deletedCollections.count),
                "total_members_deleted": .int(deletion.deletedMembers.count),
                "members_detached": .int(deletion.detachedMembers.count),
            ])
        }
    }
}
