import MCP
import MCPServer
import QuireStore

extension CollectionTools {
    var listCollections: ToolDefinition {
        let tool = Tool(
            name: "list_collections",
            title: "List collections",
            description: """
                List collections a page at a time: all of them, or the direct sub-collections of parent_id (id or name). \
                Each entry is the collection's info, or {collection, statistics} with include_stats. Counts and sizes \
                cover direct members. sort_by name (A-Z, default), created_at (newest first) or member_count (largest first).
                """,
            inputSchema: SchemaBuilder.object([
                "parent_id": SchemaBuilder.string("Only sub-collections of this collection (id or name).", minLength: 1),
                "include_stats": SchemaBuilder.boolean("Include statistics for each collection.", default: true),
                "include_empty": SchemaBuilder.boolean("Include collections without members.", default: true),
                "sort_by": SchemaBuilder.string("Order of the list.", enum: CollectionSort.allCases.map(\.rawValue), default: "name"),
                "limit": SchemaBuilder.integer("Page size.", minimum: 1, maximum: 1000, default: 100),
                "offset": SchemaBuilder.integer("How many collections to skip.", minimum: 0, default: 0),
            ]),
            outputSchema: Self.listOutputSchema,
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let sortName = try arguments.string("sort_by") ?? CollectionSort.name.rawValue
            guard let sort = CollectionSort(rawValue: sortName) else {
                throw ToolError.invalidArguments("sort_by: use one of \(CollectionSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .structured(try await Self.list(
                store: store,
                parent: try arguments.string("parent_id"),
                includeStatistics: try arguments.bool("include_stats", default: true),
                includeEmpty: try arguments.bool("include_empty", default: true),
                sort: sort,
                limit: try arguments.int("limit", default: 100),
                offset: try arguments.int("offset", default: 0)
            ))
        }
    }

    /// The `list_collections` result; also the content of `contextframe://collections`.
    static func list(
        store: DocumentStore, parent: String?, includeStatistics: Bool, includeEmpty: Bool, sort: CollectionSort, limit: Int, offset: Int
    ) async throws -> JSONValue {
        let page = try await storeCall {
            try await store.collections(
                parent: parent, includeEmpty: includeEmpty, sort: sort, limit: limit, offset: offset, includeStatistics: includeStatistics
            )
        }
        return [
            "collections": .array(page.collections.map(CollectionJSON.listEntry)),
            "total_count": .int(page.totalCount),
            "offset": .int(offset),
            "limit": .int(limit),
        ]
    }

    static let listOutputSchema = SchemaBuilder.output(
        [
            "collections": [
                "type": "array",
                "items": [
                    "anyOf": [
                        CollectionJSON.infoSchema,
                        [
                            "type": "object",
                            "properties": ["collection": CollectionJSON.infoSchema, "statistics": CollectionJSON.statisticsSchema],
                            "required": ["collection", "statistics"],
                        ],
                    ],
                ],
            ],
            "total_count": ["type": "integer"],
            "offset": ["type": "integer"],
            "limit": ["type": "integer"],
        ],
        required: ["collections", "total_count", "offset", "limit"]
    )
}
