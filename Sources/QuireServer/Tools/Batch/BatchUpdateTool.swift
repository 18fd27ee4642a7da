import MCP
import MCPServer
import QuireStore

extension BatchTools {
    var batchUpdate: ToolDefinition {
        let updates = SchemaBuilder.object(
            [
                "metadata_updates": SchemaBuilder.metadata("Metadata to set on every document, merged as update_document does."),
                "content_template": SchemaBuilder.string("New content; {content}, {title} and {metadata.<key>} are replaced by the document's values (after metadata_updates)."),
                "regenerate_embeddings": SchemaBuilder.boolean("Recompute each embedding with the server's provider.", default: false),
            ],
            description: "What to change."
        )
        let tool = Tool(
            name: "batch_update",
            title: "Update many documents",
            description: """
                Apply the same change to the documents named by document_ids or matched by filter. Per item: each \
                document is updated in its own transaction and results list every document's outcome; a cancelled \
                call stops between documents and keeps those already updated. More matches than max_documents is an \
                error and nothing changes.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_ids": BatchTargets.idsSchema("The documents to update."),
                    "filter": SchemaBuilder.filter,
                    "updates": updates,
                    "max_documents": SchemaBuilder.integer("The most documents one call may update.", minimum: 1, maximum: 10000, default: 1000),
                ],
                required: ["updates"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "documents_updated": ["type": "integer"],
                    "documents_failed": ["type": "integer"],
                    "total_documents": ["type": "integer"],
                    "results": Self.outcomes,
                    "errors": Self.errorList,
                    "cancelled": ["type": "boolean"],
                ],
                required: ["documents_updated", "documents_failed", "total_documents", "results", "errors"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await update(Arguments(arguments), context: context) }
    }

    private func update(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let updates = Arguments(try arguments.object("updates") ?? [:])
        let metadata = try updates.object("metadata_updates") ?? [:]
        let template = try updates.string("content_template").map(ContentTemplate.init)
        let regenerate = try updates.bool("regenerate_embeddings", default: false)
        guard !metadata.isEmpty || template != nil || regenerate else {
            throw ToolError.invalidArguments("updates: give metadata_updates, content_template or regenerate_embeddings")
        }
        if regenerate, environment.options.embedder == nil {
            throw ToolError.embedding("regenerate_embeddings needs an embedding provider; none is configured")
        }
        // Check the metadata once up front, so a bad key fails the call before any document changes.
        var probe = Document(title: "probe")
        try DocumentJSON.apply(metadata, to: &probe)

        let targets = try await BatchTargets.resolve(
            arguments, store: store, limit: try arguments.int("max_documents", default: 1000), allowEmptyFilter: true
        )
        let run = BatchRun(tool: "batch_update", context: context, total: targets.ids.count, unit: "documents")
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        var updated = 0
        for (position, id) in targets.ids.enumerated() {
            if run.isCancelled { break }
            do {
                try await updateOne(id, metadata: metadata, template: template, regenerate: regenerate)
                updated += 1
                results.append(["document_id": .string(id), "success": true])
            } catch is CancellationError {
                break
            } catch {
                let error = ToolError.wrapping(error)
                results.append(["document_id": .string(id), "success": false, "error": error.json])
                errors.append(["document_id": .string(id), "error": error.json])
            }
            await run.progressed(position + 1)
        }
        let summary: [String: JSONValue] = [
            "success": .bool(errors.isEmpty && results.count == targets.ids.count),
            "documents_updated": .int(updated), "documents_failed": .int(errors.count),
            "total_documents": .int(targets.ids.count), "results": .array(results), "errors": .array(errors),
        ]
        if results.count < targets.ids.count { return await run.cancelled(summary) }
        return .structured(.object(summary))
    }

    private func updateOne(_ id: String, metadata: [String: JSONValue], template: ContentTemplate?, regenerate: Bool) async throws {
        guard DocumentStore.normalizedUUID(id) != nil else { throw ToolError.invalidArguments("\(id) is not a document uuid") }
        let store = self.store
        let change: @Sendable (inout Document) throws -> Void = { document in
            try DocumentJSON.apply(metadata, to: &document)
            if let template { document.textContent = template.render(document) }
        }
        guard regenerate else {
            _ = try await uninterrupted { try await storeCall { try await store.update(uuid: id, change) } }
            return
        }
        // The embedding is computed outside the write; the write checks the text it was made from is still current.
        guard var preview = try await storeCall({ try await store.get(uuid: id) }) else { throw ToolError.documentNotFound(id) }
        try change(&preview)
        let text = preview.textContent ?? preview.title
        guard let vector = try await documentTools.embed([text])?.first else {
            throw ToolError.embedding("regenerate_embeddings needs an embedding provider; none is configured")
        }
        _ = try await uninterrupted {
            try await storeCall {
                try await store.update(uuid: id) { document in
                    try change(&document)
                    guard (document.textContent ?? document.title) == text else {
                        throw ToolError(code: JSONRPCError.Code.internalError, message: "the document changed while its embedding was computed; run the update again")
                    }
                    document.embedding = vector
                }
            }
        }
    }
}
