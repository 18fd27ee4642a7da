import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    var createCollection: ToolDefinition {
        let tool = Tool(
            name: "create_collection",
            title: "Create a collection",
            description: """
                Create a collection: a collection_header record whose uuid is the collection id. Names are unique among \
                siblings. parent_collection (uuid or name) nests it. A template (project, research, knowledge_base, \
                dataset, legal) adds default shared metadata; metadata given here overrides it. initial_members are \
                added in order, in the same transaction; each record that is missing, a collection, or already in another \
                collection is listed in failed_members (use move_documents for those) and the others are still added.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "name": SchemaBuilder.string("The collection's name.", minLength: 1),
                    "description": SchemaBuilder.string("What the collection is for."),
                    "metadata": SchemaBuilder.metadata("Shared metadata for the collection: string, number or boolean values."),
                    "parent_collection": SchemaBuilder.string("The parent collection's id or name, to nest this one.", minLength: 1),
                    "template": SchemaBuilder.string("A template whose defaults join the shared metadata.", enum: CollectionTemplate.names),
                    "initial_members": Self.uuids("Uuids of documents to put in the collection."),
                ],
                required: ["name"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "collection_id": ["type": "string"],
                    "header_id": ["type": "string"],
                    "name": ["type": "string"],
                    "created_at": ["type": "string"],
                    "member_count": ["type": "integer"],
                    "metadata": ["type": "object"],
                    "parent_id": ["type": ["string", "null"]],
                    "template": ["type": ["string", "null"]],
                    "failed_members": CollectionJSON.failuresSchema,
                ],
                required: ["collection_id", "header_id", "name", "created_at", "member_count", "metadata", "failed_members"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in try await create(Arguments(arguments)) }
    }

    private func create(_ arguments: Arguments) async throws -> CallToolResult {
        let given = try CollectionJSON.sharedMetadata(arguments.object("metadata") ?? [:], argument: "metadata", allowNull: false)
        var shared = given.compactMapValues { $0 }
        let templateName = try arguments.string("template")
        if let templateName {
            guard let template = CollectionTemplate.all[templateName] else {
                throw ToolError.invalidArguments("template: unknown template '\(templateName)'; use one of \(CollectionTemplate.names.joined(separator: ", "))")
            }
            shared = template.merged(with: shared)
        }
        let request = NewCollection(
            name: try arguments.requiredString("name"),
            description: try arguments.string("description"),
            parent: try arguments.string("parent_collection"),
            template: templateName,
            sharedMetadata: shared,
            initialMembers: try Self.strings(arguments, "initial_members")
        )
        let created = try await storeCall { try await store.createCollection(request) }
        let header = created.header
        return .structured([
            "collection_id": .string(header.uuid),
            "header_id": .string(header.uuid),
            "name": .string(header.title),
            "created_at": .string(Timestamp.format(header.createdAt)),
            "member_count": .int(created.added.count),
            "metadata": CollectionJSON.sharedMetadata(header),
            "parent_id": header.collectionID.map(JSONValue.string) ?? .null,
            "template": header.collectionTemplate.map(JSONValue.string) ?? .null,
            "failed_members": CollectionJSON.failures(created.failures),
        ])
    }
}
