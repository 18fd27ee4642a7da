import MCP
import MCPServer
import QuireStore

extension BatchTools {
    var batchSearch: ToolDefinition {
        let query = SchemaBuilder.object(
            [
                "query": SchemaBuilder.string("What to search for.", minLength: 1),
                "search_type": SchemaBuilder.string("One of vector, text, hybrid.", default: "hybrid"),
                "limit": SchemaBuilder.integer("How many results at most.", minimum: 1, maximum: 100, default: 10),
                "filter": SchemaBuilder.filter,
                "query_embedding": SchemaBuilder.numbers("The query's embedding, when the client computes embeddings itself."),
            ],
            required: ["query"]
        )
        let tool = Tool(
            name: "batch_search",
            title: "Run several searches",
            description: """
                Run several searches (as search_documents) at once, at most max_parallel at a time. Per item: one \
                failing query is reported in its own result and does not stop the others. Results come back in the \
                order of the queries.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "queries": ["type": "array", "items": query, "minItems": 1, "maxItems": 100, "description": "The searches to run."],
                    "max_parallel": SchemaBuilder.integer("How many searches run at the same time.", minimum: 1, maximum: 20, default: 5),
                ],
                required: ["queries"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "searches_completed": ["type": "integer"],
                    "searches_failed": ["type": "integer"],
                    "results": Self.outcomes,
                    "errors": Self.errorList,
                    "cancelled": ["type": "boolean"],
                ],
                required: ["searches_completed", "searches_failed", "results", "errors"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await search(Arguments(arguments), context: context) }
    }

    private func search(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        guard case .array(let queries)? = arguments.values["queries"] else { throw ToolError.invalidArguments("queries: required array is missing") }
        let parallel = max(1, try arguments.int("max_parallel", default: 5))
        let handler = documentTools.searchDocuments.handler
        let run = BatchRun(tool: "batch_search", context: context, total: queries.count, unit: "searches")

        var outcomes = [JSONValue?](repeating: nil, count: queries.count)
        var done = 0
        await withTaskGroup(of: (Int, JSONValue).self) { group in
            var next = 0
            func startNext() {
                guard next < queries.count, !Task.isCancelled else { return }
                let position = next
                let query = queries[position]
                next += 1
                group.addTask { (position, await Self.runOne(query, handler: handler, context: context)) }
            }
            for _ in 0..<min(parallel, queries.count) { startNext() }
            for await (position, outcome) in group {
                outcomes[position] = outcome
                done += 1
                await run.progressed(done)
                startNext()
            }
        }

        let results = outcomes.enumerated().compactMap { position, outcome -> JSONValue? in
            guard var members = outcome?.objectValue else { return nil }
            members["index"] = .int(position)
            return .object(members)
        }
        let failed = results.filter { $0["success"] == false }
        let summary: [String: JSONValue] = [
            "searches_completed": .int(results.count - failed.count),
            "searches_failed": .int(failed.count),
            "results": .array(results),
            "errors": .array(failed.map { ["index": $0["index"] ?? .null, "query": $0["query"] ?? .null, "error": $0["error"] ?? .null] }),
        ]
        if run.isCancelled, results.count < queries.count { return await run.cancelled(summary) }
        return .structured(.object(summary))
    }

    /// One search through search_documents' own handler, so a batch search answers exactly as a single one.
    private static func runOne(_ query: JSONValue, handler: ToolHandler, context: RequestContext) async -> JSONValue {
        let text = query["query"] ?? .null
        var arguments = query.objectValue ?? [:]
        if arguments["limit"] == nil { arguments["limit"] = 10 }
        do {
            let result = try await handler(arguments, context)
            if result.isError == true {
                return ["query": text, "success": false, "results": [], "count": 0, "error": result.structuredContent?["error"] ?? .null]
            }
            let documents = result.structuredContent?["documents"] ?? []
            var outcome: [String: JSONValue] = [
                "query": text, "success": true, "results": documents, "count": .int(documents.arrayValue?.count ?? 0),
                "search_type_used": result.structuredContent?["search_type_used"] ?? .null,
            ]
            if let warnings = result.structuredContent?["warnings"] { outcome["warnings"] = warnings }
            return .object(outcome)
        } catch {
            return ["query": text, "success": false, "results": [], "count": 0, "error": ToolError.wrapping(error).json]
        }
    }
}
