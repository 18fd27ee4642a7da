import MCP
import MCPServer
import QuireStore

extension DocumentTools {
    var addDocument: ToolDefinition {
        let tool = Tool(
            name: "add_document",
            title: "Add a document",
            description: """
                Add a document with its metadata (metadata.title is required). With chunk_size the content is split \
                into overlapping chunks stored as separate documents, all in one transaction. An embedding is stored \
                when the client passes one or the server has an embedding provider; otherwise embedding_status is \
                "skipped" and the document is found by text search only.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "content": SchemaBuilder.string("The document's text."),
                    "metadata": SchemaBuilder.metadata("Metadata fields: title (required), author, tags, status, context, custom_metadata, x_* keys, ..."),
                    "generate_embedding": SchemaBuilder.boolean("Compute an embedding with the server's provider, if it has one.", default: true),
                    "collection": SchemaBuilder.string("A collection to put the document in, by id or name; documents are appended at its end."),
                    "chunk_size": SchemaBuilder.integer("Split content into chunks of about this many characters.", minimum: 100, maximum: 10000),
                    "chunk_overlap": SchemaBuilder.integer("Characters shared by neighbouring chunks.", minimum: 0, maximum: 1000, default: 0),
                    "embedding": SchemaBuilder.numbers("A precomputed embedding of the content (not with chunk_size)."),
                ],
                required: ["content"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "document": SchemaBuilder.document,
                    "documents": ["type": "array", "items": SchemaBuilder.document],
                    "total_chunks": ["type": "integer"],
                    "embedding_status": ["type": "string", "enum": ["stored", "generated", "skipped"]],
                ],
                required: ["embedding_status"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, _ in try await add(Arguments(arguments)) }
    }

    private func add(_ arguments: Arguments) async throws -> CallToolResult {
        let content = try arguments.requiredString("content")
        let metadata = try arguments.object("metadata") ?? [:]
        guard case .string(let title)? = metadata["title"], !title.isEmpty else {
            throw ToolError.invalidArguments("metadata.title: required field is missing (every document needs a title)")
        }
        var template = Document(title: title)
        try DocumentJSON.apply(metadata, to: &template)
        let collection = try arguments.string("collection")
        // Fail before paying for embeddings; the store resolves it again inside the write.
        if let collection { _ = try await CollectionLookup.header(collection, in: store) }

        let chunkSize = try arguments.optionalInt("chunk_size")
        let supplied = try arguments.floats("embedding")
        if let supplied {
            guard chunkSize == nil else { throw ToolError.invalidArguments("embedding: cannot be combined with chunk_size, which makes several documents") }
            try checkDimension(supplied, argument: "embedding")
        }
        let overlap = try arguments.int("chunk_overlap", default: 0)
        if let chunkSize, overlap >= chunkSize { throw ToolError.invalidArguments("chunk_overlap: must be smaller than chunk_size") }
        let texts = chunkSize.map { Chunker(size: $0, overlap: overlap).chunks(of: content) } ?? [content]

        var status = "skipped"
        var vectors: [[Float]?] = Array(repeating: nil, count: texts.count)
        if let supplied {
            vectors = [supplied]
            status = "stored"
        } else if try arguments.bool("generate_embedding", default: true), let generated = try await embed(texts) {
            vectors = generated
            status = "generated"
        }

        let documents = texts.enumerated().map { position, text -> Document in
            var document = template
            document.textContent = text
            document.embedding = vectors[position]
            if texts.count > 1 {
                document.customMetadata["chunk_index"] = String(position)
                document.customMetadata["total_chunks"] = String(texts.count)
            }
            return document
        }
        // With a collection, the store resolves it and appends the documents at its end in one transaction.
        let stored = try await storeCall {
            if let collection { try await store.add(documents, toCollection: collection) } else { try await store.add(documents) }
        }
        var result: [String: JSONValue] = ["embedding_status": .string(status)]
        if chunkSize != nil {
            result["documents"] = .array(stored.map { .object(DocumentJSON.json($0)) })
            result["total_chunks"] = .int(stored.count)
        } else if let first = stored.first {
            result["document"] = .object(DocumentJSON.json(first))
        }
        return .structured(.object(result))
    }
}
