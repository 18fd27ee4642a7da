import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var searchDocuments: ToolDefinition {
        let tool = Tool(
            name: "search_documents",
            title: "Search documents",
            description: """
                Search the documents by meaning (vector), by words (text, BM25) or both (hybrid, reciprocal-rank \
                fusion). Vector search needs query_embedding unless the server has an embedding provider; hybrid \
                without one falls back to text and says so in warnings. Higher scores are better.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "query": SchemaBuilder.string("What to search for.", minLength: 1),
                    "search_type": SchemaBuilder.string("One of vector, text, hybrid.", default: "hybrid"),
                    "limit": SchemaBuilder.integer("How many results at most.", minimum: 1, maximum: 1000, default: 10),
                    "filter": SchemaBuilder.filter,
                    "query_embedding": SchemaBuilder.numbers("The query's embedding, when the client computes embeddings itself."),
                ],
                required: ["query"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "documents": ["type": "array", "items": SchemaBuilder.document],
                    "total_count": ["type": "integer"],
                    "search_type_used": ["type": "string", "enum": ["vector", "text", "hybrid"]],
                    "warnings": ["type": "array", "items": ["type": "string"]],
                ],
                required: ["documents", "total_count", "search_type_used"]
            ),
            annotations: ToolAnnotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await search(Arguments(arguments), principal: context.principal.id) }
    }

    private func search(_ arguments: Arguments, principal: String) async throws -> CallToolResult {
        let started = ContinuousClock.now
        let query = try arguments.requiredString("query")
        let searchType = try arguments.string("search_type") ?? "hybrid"
        guard ["vector", "text", "hybrid"].contains(searchType) else {
            throw ToolError(code: ContextFrameErrorCode.invalidSearchType, message: "Invalid search type \"\(searchType)\": use vector, text or hybrid")
        }
        let limit = try arguments.int("limit", default: 10)
        let filter = try FilterJSON.filter(from: arguments.values["filter"])
        var queryVector = try arguments.floats("query_embedding")
        if let queryVector { try checkDimension(queryVector, argument: "query_embedding") }
        var warnings: [String] = []
        if queryVector == nil, searchType != "text" { queryVector = try await embed([query])?.first }

        let hits: [SearchHit]
        let used: String
        switch (searchType, queryVector) {
        case ("text", _):
            hits = try await storeCall { try await store.textSearch(query: query, filter: filter, limit: limit) }
            used = "text"
        case ("vector", let vector?):
            hits = try await storeCall { try await store.vectorSearch(embedding: vector, filter: filter, limit: limit) }
            used = "vector"
        case ("vector", nil):
            throw ToolError.embedding("vector search needs a query embedding: pass query_embedding, or start the server with an embedding provider")
        case (_, let vector?):
            hits = try await storeCall { try await store.hybridSearch(query: query, embedding: vector, filter: filter, limit: limit) }
            used = "hybrid"
        default:
            warnings.append("no embedding provider is configured and no query_embedding was given, so hybrid search used text search only")
            hits = try await storeCall { try await store.textSearch(query: query, filter: filter, limit: limit) }
            used = "text"
        }
        await searchObserver?.searchFinished(SearchObservation(
            tool: "search_documents", principal: principal, searchType: used, filter: filter,
            resultCount: hits.count, startedAt: started, duration: ContinuousClock.now - started
        ))
        let documents: [JSONValue] = hits.map { hit in
            var document = DocumentJSON.json(hit.document)
            document["embedding"] = .null
            document["score"] = .double(hit.score)
            if let snippet = hit.snippet { document["snippet"] = .string(snippet) }
            return .object(document)
        }
        var result: [String: JSONValue] = [
            "documents": .array(documents), "total_count": .int(documents.count), "search_type_used": .string(used),
        ]
        if !warnings.isEmpty { result["warnings"] = .array(warnings.map(JSONValue.string)) }
        return .structured(.object(result))
    }
}
