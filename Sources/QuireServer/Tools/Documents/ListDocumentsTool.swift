import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var listDocuments: ToolDefinition {
        let tool = Tool(
            name: "list_documents",
            title: "List documents",
            description: """
                List documents a page at a time, optionally filtered and ordered. total_count counts every match, not \
                just this page. order_by names a field, with a leading - for descending (default: created_at, then uuid).
                """,
            inputSchema: SchemaBuilder.object([
                "limit": SchemaBuilder.integer("Page size.", minimum: 1, maximum: 1000, default: 100),
                "offset": SchemaBuilder.integer("How many matches to skip.", minimum: 0, default: 0),
                "filter": SchemaBuilder.filter,
                "order_by": SchemaBuilder.string("A field to order by, e.g. title or -updated_at."),
                "include_content": SchemaBuilder.boolean("Include each document's text.", default: false),
            ]),
            outputSchema: SchemaBuilder.output(
                [
                    "documents": ["type": "array", "items": SchemaBuilder.document],
                    "total_count": ["type": "integer"],
                    "offset": ["type": "integer"],
                    "limit": ["type": "integer"],
                ],
                required: ["documents", "total_count", "offset", "limit"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in
            let arguments = Arguments(arguments)
            let limit = try arguments.int("limit", default: 100)
            let offset = try arguments.int("offset", default: 0)
            let includeContent = try arguments.bool("include_content", default: false)
            let filter = try FilterJSON.filter(from: arguments.values["filter"])
            var order: [SortKey] = []
            if let orderBy = try arguments.string("order_by"), !orderBy.isEmpty {
                do {
                    order = [try SortKey.parse(orderBy)]
                } catch let error as FilterError {
                    throw ToolError.invalidArguments("order_by: \(error.description)")
                }
            }
            let page = try await storeCall {
                try await store.list(filter: filter, orderBy: order, limit: limit, offset: offset, includeContent: includeContent)
            }
            return .structured([
                "documents": .array(page.documents.map { .object(DocumentJSON.json($0, includeContent: includeContent)) }),
                "total_count": .int(page.totalCount),
                "offset": .int(offset),
                "limit": .int(limit),
            ])
        }
    }
}
