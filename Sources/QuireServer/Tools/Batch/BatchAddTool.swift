import MCP
import MCPServer
import QuireStore

extension BatchTools {
    var batchAdd: ToolDefinition {
        let item = SchemaBuilder.object(
            [
                "content": SchemaBuilder.string("The document's text."),
                "metadata": SchemaBuilder.metadata("Metadata fields (title required here or in shared_settings.metadata)."),
                "embedding": SchemaBuilder.numbers("A precomputed embedding of the content (not with chunk_size)."),
            ],
            required: ["content"]
        )
        let shared = SchemaBuilder.object(
            [
                "generate_embeddings": SchemaBuilder.boolean("Compute embeddings with the server's provider, if it has one.", default: true),
                "collection": SchemaBuilder.string("A collection to put every document in, by id or name."),
                "chunk_size": SchemaBuilder.integer("Split each content into chunks of about this many characters.", minimum: 100, maximum: 10000),
                "chunk_overlap": SchemaBuilder.integer("Characters shared by neighbouring chunks.", minimum: 0, maximum: 1000, default: 0),
                "metadata": SchemaBuilder.metadata("Metadata every document gets; an item's own metadata wins."),
            ],
            description: "Settings applied to every document."
        )
        let tool = Tool(
            name: "batch_add",
            title: "Add many documents",
            description: """
                Add many documents in one call. atomic=true (the default) is all-or-nothing: every document is \
                checked first and all are stored in one transaction, or none is. atomic=false is per item: each \
                document (with its chunks) is stored on its own and results say which succeeded; a cancelled call \
                stops between items and keeps those already stored.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "documents": ["type": "array", "items": item, "minItems": 1, "maxItems": 10000, "description": "The documents to add."],
                    "shared_settings": shared,
                    "atomic": SchemaBuilder.boolean("All or nothing (true) or per item (false).", default: true),
                ],
                required: ["documents"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "atomic": ["type": "boolean"],
                    "documents_added": ["type": "integer"],
                    "documents_failed": ["type": "integer"],
                    "document_ids": ["type": "array", "items": ["type": "string"]],
                    "results": Self.outcomes,
                    "errors": Self.errorList,
                    "embedding_status": ["type": "string"],
                    "cancelled": ["type": "boolean"],
                ],
                required: ["success", "atomic", "documents_added", "document_ids", "results"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await add(Arguments(arguments), context: context) }
    }

    /// One input item made ready: its documents (several when chunked), or why it cannot be added.
    private typealias Prepared = Result<[Document], ToolError>

    private func add(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        guard case .array(let items)? = arguments.values["documents"] else { throw ToolError.invalidArguments("documents: required array is missing") }
        let shared = Arguments(try arguments.object("shared_settings") ?? [:])
        let atomic = try arguments.bool("atomic", default: true)
        let generate = try shared.bool("generate_embeddings", default: true)
        let sharedMetadata = try shared.object("metadata") ?? [:]
        let chunkSize = try shared.optionalInt("chunk_size")
        let overlap = try shared.int("chunk_overlap", default: 0)
        if let chunkSize, overlap >= chunkSize { throw ToolError.invalidArguments("shared_settings.chunk_overlap: must be smaller than chunk_size") }
        let collection = try await environment.ingest.collection(try shared.string("collection"))

        let prepared = items.enumerated().map { index, item in
            prepare(item, index: index, sharedMetadata: sharedMetadata, chunkSize: chunkSize, overlap: overlap)
        }
        let run = BatchRun(tool: "batch_add", context: context, total: items.count, unit: "documents")
        return atomic
            ? try await addAtomically(prepared, collection: collection, generate: generate, run: run)
            : try await addEach(prepared, collection: collection, generate: generate, run: run)
    }

    private func prepare(_ item: JSONValue, index: Int, sharedMetadata: [String: JSONValue], chunkSize: Int?, overlap: Int) -> Prepared {
        do {
            let fields = Arguments(item.objectValue ?? [:])
            let content = try fields.requiredString("content")
            var metadata = sharedMetadata
            for (key, value) in try fields.object("metadata") ?? [:] {
                // custom_metadata merges key by key so shared and own custom entries both survive.
                if key == "custom_metadata", case .object(let own) = value, case .object(var merged)? = metadata[key] {
                    for (entry, entryValue) in own { merged[entry] = entryValue }
                    metadata[key] = .object(merged)
                } else {
                    metadata[key] = value
                }
            }
            guard case .string(let title)? = metadata["title"], !title.isEmpty else {
                throw ToolError.invalidArguments("metadata.title: required field is missing (every document needs a title)")
            }
            var template = Document(title: title)
            try DocumentJSON.apply(metadata, to: &template)
            let supplied = try fields.floats("embedding")
            if let supplied {
                guard chunkSize == nil else { throw ToolError.invalidArguments("embedding: cannot be combined with chunk_size, which makes several documents") }
                try documentTools.checkDimension(supplied, argument: "embedding")
            }
            let texts = chunkSize.map { Chunker(size: $0, overlap: overlap).chunks(of: content) } ?? [content]
            return .success(texts.enumerated().map { position, text in
                var document = template
                document.textContent = text
                document.embedding = supplied
                if texts.count > 1 {
                    document.customMetadata["chunk_index"] = String(position)
                    document.customMetadata["total_chunks"] = String(texts.count)
                }
                return document
            })
        } catch {
            return .failure(ToolError.wrapping(error).located("documents[\(index)]"))
        }
    }

    private func addAtomically(_ prepared: [Prepared], collection: Document?, generate: Bool, run: BatchRun) async throws -> CallToolResult {
        let failures = prepared.enumerated().compactMap { index, item -> JSONValue? in
            guard case .failure(let error) = item else { return nil }
            return ["index": .int(index), "error": error.json]
        }
        func refused(_ errors: [JSONValue], failedIndexes: Set<Int>) -> CallToolResult {
            let results: [JSONValue] = prepared.indices.map { index in
                failedIndexes.contains(index)
                    ? ["index": .int(index), "success": false, "error": errors.first { $0["index"] == .int(index) }?["error"] ?? .null]
                    : ["index": .int(index), "success": false, "skipped": true, "reason": "not added: the batch is atomic and another item failed"]
            }
            return .structured([
                "success": false, "atomic": true, "documents_added": 0, "documents_failed": .int(prepared.count),
                "document_ids": [], "results": .array(results), "errors": .array(errors),
            ])
        }
        guard failures.isEmpty else {
            return refused(failures, failedIndexes: Set(failures.compactMap { $0["index"]?.intValue }))
        }
        let groups = prepared.map { (try? $0.get()) ?? [] }
        try Task.checkCancellation()
        let (documents, status) = try await environment.ingest.prepare(groups.flatMap { $0 }, collection: collection, generateEmbeddings: generate)
        try Task.checkCancellation()
        let store = self.store
        let stored: [Document]
        do {
            stored = try await uninterrupted { try await store.add(documents) }
        } catch {
            // The store names the failing document by its position among all (chunked) documents.
            let error = ToolError.wrapping(error)
            return refused([["index": .null, "error": error.json]], failedIndexes: [])
        }
        await run.progressed(prepared.count)
        var results: [JSONValue] = []
        var offset = 0
        for (index, group) in groups.enumerated() {
            let ids = stored[offset..<(offset + group.count)].map { JSONValue.string($0.uuid) }
            offset += group.count
            results.append(["index": .int(index), "success": true, "document_ids": .array(ids)])
        }
        return .structured([
            "success": true, "atomic": true, "documents_added": .int(stored.count), "documents_failed": 0,
            "document_ids": .array(stored.map { .string($0.uuid) }), "results": .array(results), "errors": [],
            "embedding_status": .string(status.rawValue),
        ])
    }

    private func addEach(_ prepared: [Prepared], collection: Document?, generate: Bool, run: BatchRun) async throws -> CallToolResult {
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        var ids: [JSONValue] = []
        var failed = 0
        let store = self.store
        for (index, item) in prepared.enumerated() {
            if run.isCancelled { break }
            do {
                let documents = try item.get()
                let (ready, _) = try await environment.ingest.prepare(documents, collection: collection, generateEmbeddings: generate)
                let stored = try await uninterrupted { try await store.add(ready) }
                let storedIDs = stored.map { JSONValue.string($0.uuid) }
                ids.append(contentsOf: storedIDs)
                results.append(["index": .int(index), "success": true, "document_ids": .array(storedIDs)])
            } catch is CancellationError {
                break
            } catch {
                let error = ToolError.wrapping(error)
                failed += 1
                results.append(["index": .int(index), "success": false, "error": error.json])
                errors.append(["index": .int(index), "error": error.json])
            }
            await run.progressed(index + 1)
        }
        let summary: [String: JSONValue] = [
            "success": .bool(failed == 0 && results.count == prepared.count), "atomic": false,
            "documents_added": .int(ids.count), "documents_failed": .int(failed), "document_ids": .array(ids),
            "items_processed": .int(results.count), "items_total": .int(prepared.count),
            "results": .array(results), "errors": .array(errors),
        ]
        if results.count < prepared.count { return await run.cancelled(summary) }
        return .structured(.object(summary))
    }
}

extension ToolError {
    /// The error with `where` in front of its message, so a batch result says which item failed.
    func located(_ location: String) -> ToolError {
        var copy = self
        if !copy.message.hasPrefix(location) { copy.message = "\(location): \(copy.message)" }
        return copy
    }
}
