import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    /// How many members `include_member_details` lists, as in ContextFrame.
    static let memberDetailsLimit = 100

    var getCollectionStats: ToolDefinition {
        let tool = Tool(
            name: "get_collection_stats",
            title: "Collection statistics",
            description: """
                Statistics of a collection (id or name): member counts, total and average size in bytes (UTF-8 text plus \
                raw data), unique tags, created_at range and record types. With include_subcollections (default) the \
                figures cover nested sub-collections at any depth and the direct sub-collections are listed; \
                include_member_details lists the first 100 direct members by position with their sizes.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "collection_id": SchemaBuilder.string("The collection's id or name.", minLength: 1),
                    "include_member_details": SchemaBuilder.boolean("List the first 100 direct members.", default: false),
                    "include_subcollections": SchemaBuilder.boolean("Count members of nested sub-collections too.", default: true),
                ],
                required: ["collection_id"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "collection_id": ["type": "string"],
                    "name": ["type": "string"],
                    "statistics": CollectionJSON.statisticsSchema,
                    "subcollections": ["type": "array", "items": CollectionJSON.infoSchema],
                    "members": ["type": "array", "items": SchemaBuilder.document],
                ],
                required: ["collection_id", "name", "statistics"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let reference = try arguments.requiredString("collection_id")
            let includeSubcollections = try arguments.bool("include_subcollections", default: true)
            let includeMembers = try arguments.bool("include_member_details", default: false)
            let report = try await storeCall {
                try await store.collectionReport(
                    reference, includeSubcollections: includeSubcollections, memberLimit: includeMembers ? Self.memberDetailsLimit : 0
                )
            }
            var result: [String: JSONValue] = [
                "collection_id": .string(report.collection.id),
                "name": .string(report.collection.header.title),
                "statistics": CollectionJSON.statistics(report.statistics),
            ]
            if includeSubcollections { result["subcollections"] = .array(report.subcollections.map(CollectionJSON.info)) }
            if includeMembers { result["members"] = .array(report.members.map(CollectionJSON.member)) }
            return .structured(.object(result))
        }
    }
}
