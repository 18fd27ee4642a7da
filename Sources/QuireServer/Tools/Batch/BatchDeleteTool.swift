import MCP
import MCPServer
import QuireStore

extension BatchTools {
    /// Documents deleted per transaction: large enough to be quick, small enough that a cancelled
    /// call stops soon and progress moves.
    static let deleteChunk = 500

    var batchDelete: ToolDefinition {
        let tool = Tool(
            name: "batch_delete",
            title: "Delete many documents",
            description: """
                Delete the documents named by document_ids or matched by filter. dry_run is true by default: it only \
                reports what would be deleted; pass dry_run=false to delete. With confirm_count, a different number of \
                matching documents is an error and nothing is deleted. Per item, in transactions of up to 500: results \
                list every document's outcome (unknown ids are reported as not found); a cancelled call stops between \
                transactions and reports exactly what was deleted.
                """,
            inputSchema: SchemaBuilder.object([
                "document_ids": BatchTargets.idsSchema("The documents to delete."),
                "filter": SchemaBuilder.filter,
                "dry_run": SchemaBuilder.boolean("Only report what would be deleted.", default: true),
                "confirm_count": SchemaBuilder.integer("The number of documents you expect to delete; any other number stops the call.", minimum: 0),
            ]),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "dry_run": ["type": "boolean"],
                    "documents_to_delete": ["type": "integer"],
                    "document_ids": ["type": "array", "items": ["type": "string"]],
                    "message": ["type": "string"],
                    "documents_deleted": ["type": "integer"],
                    "documents_failed": ["type": "integer"],
                    "results": Self.outcomes,
                    "errors": Self.errorList,
                    "cancelled": ["type": "boolean"],
                ],
                required: ["success", "dry_run"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await delete(Arguments(arguments), context: context) }
    }

    private func delete(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let dryRun = try arguments.bool("dry_run", default: true)
        let confirm = try arguments.optionalInt("confirm_count")
        let targets = try await BatchTargets.resolve(arguments, store: store, limit: nil, allowEmptyFilter: false)
        let ids = targets.ids
        // For explicit ids, count only those that exist, so confirm_count means "documents deleted".
        let existing = targets.fromFilter ? ids : try await existingIDs(ids)
        if let confirm, confirm != existing.count {
            throw ToolError(
                code: JSONRPCError.Code.invalidParams,
                message: "confirm_count is \(confirm) but \(existing.count) documents match; nothing was deleted",
                data: ["documents_found": .int(existing.count)]
            )
        }
        if dryRun {
            return .structured([
                "success": true, "dry_run": true, "documents_to_delete": .int(existing.count),
                "document_ids": .array(existing.prefix(100).map(JSONValue.string)),
                "message": .string("Dry run: \(existing.count) documents would be deleted; call again with dry_run=false (and confirm_count=\(existing.count)) to delete them"),
            ])
        }

        let run = BatchRun(tool: "batch_delete", context: context, total: ids.count, unit: "documents")
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        var deleted = 0
        let store = self.store
        var start = 0
        while start < ids.count {
            if run.isCancelled { break }
            let chunk = Array(ids[start..<min(start + Self.deleteChunk, ids.count)])
            start += chunk.count
            let valid = chunk.filter { DocumentStore.normalizedUUID($0) != nil }
            let gone: Set<String>
            do {
                gone = Set(try await uninterrupted { try await storeCall { try await store.deleteReturningUUIDs(valid) } })
            } catch {
                let error = ToolError.wrapping(error)
                for id in chunk {
                    results.append(["document_id": .string(id), "success": false, "error": error.json])
                    errors.append(["document_id": .string(id), "error": error.json])
                }
                await run.progressed(start)
                continue
            }
            for id in chunk {
                if gone.contains(id) {
                    deleted += 1
                    results.append(["document_id": .string(id), "success": true])
                } else {
                    let error = DocumentStore.normalizedUUID(id) == nil
                        ? ToolError.invalidArguments("\(id) is not a document uuid")
                        : ToolError.documentNotFound(id)
                    results.append(["document_id": .string(id), "success": false, "error": error.json])
                    errors.append(["document_id": .string(id), "error": error.json])
                }
            }
            await run.progressed(start)
        }
        let summary: [String: JSONValue] = [
            "success": .bool(errors.isEmpty && results.count == ids.count), "dry_run": false,
            "documents_deleted": .int(deleted), "documents_failed": .int(errors.count),
            "results": .array(results), "errors": .array(errors),
        ]
        if results.count < ids.count { return await run.cancelled(summary) }
        return .structured(.object(summary))
    }

    /// The ids among `ids` that name an existing document, in order.
    private func existingIDs(_ ids: [String]) async throws -> [String] {
        let valid = ids.filter { DocumentStore.normalizedUUID($0) != nil }
        var found = Set<String>()
        var start = 0
        while start < valid.count {
            let chunk = Array(valid[start..<min(start + 1000, valid.count)])
            start += chunk.count
            let filter = Filter.compare(.field(.uuid), .in, .list(chunk.map(FilterValue.string)))
            let page = try await storeCall { try await store.list(filter: filter, limit: chunk.count, offset: 0, includeContent: false) }
            found.formUnion(page.documents.map(\.uuid))
        }
        return ids.filter(found.contains)
    }
}
