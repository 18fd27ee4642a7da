import MCP
import MCPServer
import QuireStore

extension ExtractionTools {
    var extractFromFile: ToolDefinition {
        let tool = Tool(
            name: "extract_from_file",
            title: "Extract a file",
            description: """
                Read a file under the server's files roots (--files-root) and turn it into documents: plain text, \
                Markdown (front matter title/author/tags/status/date become metadata, other keys custom_metadata x_*; \
                the first # heading is the fallback title), JSON (a {content, metadata} record, an array of them, or \
                any JSON as text), JSON Lines, CSV (one document per row; content/text_content and title columns, \
                others custom_metadata x_*) and HTML (visible text; <title> as title). Relative paths are relative to \
                the first root; '..', paths outside the roots and symlinks leading out are refused. Files must be \
                UTF-8 and within the size limit. All of a file's documents are added in one transaction.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "file_path": SchemaBuilder.string("The file, relative to the first files root or absolute inside a root.", minLength: 1),
                    "add_to_dataset": SchemaBuilder.boolean("Store the documents; false only returns what was extracted.", default: true),
                    "generate_embedding": SchemaBuilder.boolean("Compute embeddings with the server's provider, if it has one.", default: true),
                    "collection": SchemaBuilder.string("A collection to put the documents in, by id or name."),
                ],
                required: ["file_path"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "file_path": ["type": "string"],
                    "format": ["type": "string"],
                    "document_id": ["type": "string"],
                    "document_ids": ["type": "array", "items": ["type": "string"]],
                    "documents_added": ["type": "integer"],
                    "content_length": ["type": "integer"],
                    "content": ["type": "string"],
                    "metadata": ["type": "object"],
                    "documents": ["type": "array", "items": ["type": "object"]],
                    "embedding_status": ["type": "string", "enum": ["stored", "generated", "skipped"]],
                ],
                required: ["file_path", "format", "metadata"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await extract(Arguments(arguments), context: context) }
    }

    private func extract(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let path = try arguments.requiredString("file_path")
        let add = try arguments.bool("add_to_dataset", default: true)
        let generate = try arguments.bool("generate_embedding", default: true)
        let collection = add ? try await environment.ingest.collection(try arguments.string("collection")) : nil
        let extractor = try environment.fileExtractor()
        let file: ExtractedFile
        do {
            file = try extractor.extract(path: path)
        } catch {
            throw ToolError.extraction(error)
        }
        guard let first = file.documents.first else {
            throw ToolError(code: JSONRPCError.Code.invalidParams, message: "\(path) holds no documents (a CSV with only a header, or an empty JSON array?)")
        }
        await context.progress.report(1, total: add ? 2 : 1, message: "read \(path)")
        var result: [String: JSONValue] = ["file_path": .string(path), "format": .string(file.format.rawValue)]
        guard add else {
            result["content"] = .string(first.textContent ?? "")
            result["metadata"] = DocumentJSON.metadata(of: first)
            result["documents"] = .array(file.documents.map { .object(DocumentJSON.json($0)) })
            return .structured(.object(result))
        }
        try Task.checkCancellation()
        let (prepared, status) = try await environment.ingest.prepare(file.documents, collection: collection, generateEmbeddings: generate)
        let stored = try await storeCall { try await environment.store.add(prepared) }
        await context.progress.report(2, total: 2, message: "stored \(stored.count) document(s) from \(path)")
        result["document_id"] = stored.first.map { .string($0.uuid) } ?? .null
        result["document_ids"] = .array(stored.map { .string($0.uuid) })
        result["documents_added"] = .int(stored.count)
        result["content_length"] = .int(stored.reduce(0) { $0 + ($1.textContent?.count ?? 0) })
        result["metadata"] = stored.first.map(DocumentJSON.metadata) ?? [:]
        result["embedding_status"] = .string(status.rawValue)
        return .structured(.object(result))
    }
}
