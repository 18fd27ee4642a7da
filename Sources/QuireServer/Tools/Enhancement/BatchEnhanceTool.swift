import MCP
import MCPServer
import QuireStore

extension EnhancementTools {
    static let batchEnhancements = ["context", "tags", "title", "metadata"]

    var batchEnhance: ToolDefinition {
        let tool = Tool(
            name: "batch_enhance",
            title: "Enhance many documents",
            description: """
                Enhance the documents named by document_ids, or matched by filter, with a language model: context, \
                tags, title and/or metadata (custom_metadata), guided by purpose. Per item, not all-or-nothing: each \
                document gets one update holding all its enhancements, and results list every document's outcome. Up \
                to batch_size documents are worked on at once. Sends progress with a progressToken; a cancelled call \
                stops before the next documents, keeping those already written.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_ids": [
                        "type": "array", "items": ["type": "string", "minLength": 1], "minItems": 1, "maxItems": 10000,
                        "description": "The documents to enhance (or give filter).",
                    ],
                    "filter": SchemaBuilder.filter,
                    "enhancements": [
                        "type": "array", "items": ["type": "string", "enum": ["context", "tags", "title", "metadata"]],
                        "minItems": 1, "uniqueItems": true, "description": "What to enhance in each document.",
                    ],
                    "purpose": SchemaBuilder.string("What the enhancements should serve, e.g. \"customer support answers\"."),
                    "batch_size": SchemaBuilder.integer("How many documents are worked on at once.", minimum: 1, maximum: 50, default: 10),
                    "max_documents": SchemaBuilder.integer(
                        "Refuse (doing nothing) when the filter matches more documents than this.", minimum: 1, maximum: 10000, default: 1000
                    ),
                ],
                required: ["enhancements"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "documents_enhanced": ["type": "integer"],
                    "documents_failed": ["type": "integer"],
                    "total_documents": ["type": "integer"],
                    "results": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": [
                                "document_id": ["type": "string"], "success": ["type": "boolean"],
                                "enhancements": ["type": "object"], "error": ["type": "object"],
                            ],
                            "required": ["document_id", "success"],
                        ],
                    ],
                    "language_model": Self.usageSchema,
                ],
                required: ["success", "documents_enhanced", "documents_failed", "total_documents", "results"]
            ),
            annotations: Self.annotations
        )
        return ToolDefinition(tool) { arguments, context in try await batch(Arguments(arguments), context: context) }
    }

    private struct ItemResult: Sendable {
        var json: JSONValue
        var succeeded: Bool
        var completions: [Completion]
    }

    private func batch(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let enhancements = try Self.enhancements(arguments.values["enhancements"])
        let purpose = try arguments.string("purpose")?.trimmingCharacters(in: .whitespacesAndNewlines)
        let batchSize = try arguments.int("batch_size", default: 10)
        let maxDocuments = try arguments.int("max_documents", default: 1000)
        guard (1...50).contains(batchSize) else { throw ToolError.invalidArguments("batch_size: must be between 1 and 50") }
        let ids = try await targets(arguments, maxDocuments: maxDocuments)
        // Decided before any work, so "no model" is one clear error rather than one per document.
        let model = try model(for: context)
        let operations = EnhancementOperations(model: model)

        var results = [ItemResult?](repeating: nil, count: ids.count)
        var done = 0
        await context.progress.report(0, total: Double(ids.count), message: "enhancing \(ids.count) documents")
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            try Task.checkCancellation()
            let slice = start..<min(start + batchSize, ids.count)
            try await withThrowingTaskGroup(of: (Int, ItemResult).self) { group in
                for index in slice {
                    group.addTask { (index, try await enhanceOne(ids[index], enhancements, purpose: purpose, operations: operations)) }
                }
                for try await (index, result) in group {
                    results[index] = result
                    done += 1
                    await context.progress.report(Double(done), total: Double(ids.count), message: "\(done) of \(ids.count) documents")
                }
            }
        }
        let finished = results.compactMap { $0 }
        let enhanced = finished.filter(\.succeeded).count
        return .structured([
            "success": .bool(enhanced == finished.count),
            "documents_enhanced": .int(enhanced),
            "documents_failed": .int(finished.count - enhanced),
            "total_documents": .int(ids.count),
            "results": .array(finished.map(\.json)),
            "language_model": EnhancementOperations.usage(finished.flatMap(\.completions), provider: model.provider),
        ])
    }

    /// Enhances one document; its failures become its result, cancellation ends the batch.
    private func enhanceOne(_ id: String, _ enhancements: [String], purpose: String?, operations: EnhancementOperations) async throws -> ItemResult {
        let goal = purpose.flatMap { $0.isEmpty ? nil : $0 } ?? "finding and understanding this document in a search"
        do {
            let document = try await document(id)
            var change = DocumentChange()
            var values: [String: JSONValue] = [:]
            var completions: [Completion] = []
            for enhancement in enhancements {
                try Task.checkCancellation()
                let (value, itemChange, completion) = try await run(enhancement, on: document, goal: goal, operations: operations)
                values[enhancement] = value
                change.merge(itemChange)
                completions.append(completion)
            }
            try Task.checkCancellation()
            let stored = try await write(id, change)
            return ItemResult(
                json: ["document_id": .string(stored.uuid), "success": true, "enhancements": .object(values)],
                succeeded: true, completions: completions
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as ToolError {
            return ItemResult(json: ["document_id": .string(id), "success": false, "error": Self.errorJSON(error)], succeeded: false, completions: [])
        } catch {
            let failure = ToolError(code: JSONRPCError.Code.internalError, message: "Enhancing \(id) failed: \(error)")
            return ItemResult(json: ["document_id": .string(id), "success": false, "error": Self.errorJSON(failure)], succeeded: false, completions: [])
        }
    }

    /// One enhancement of one document: the value to report, the change to write, the model's answer.
    private func run(
        _ enhancement: String, on document: Document, goal: String, operations: EnhancementOperations
    ) async throws -> (JSONValue, DocumentChange, Completion) {
        switch enhancement {
        case "context":
            let outcome = try await operations.context(document, purpose: goal, current: document.context)
            return (.string(outcome.value), outcome.change, outcome.completion)
        case "tags":
            let outcome = try await operations.tags(document, types: "topics, technologies, concepts relevant to \(goal)", max: 5)
            return (.array(outcome.value.map(JSONValue.string)), outcome.change, outcome.completion)
        case "title":
            let outcome = try await operations.title(document, style: "descriptive")
            return (.string(outcome.value), outcome.change, outcome.completion)
        default:
            let schema = "the key facts a reader would filter or search by (for example topic, audience, document type, key entities), for \(goal)"
            let outcome = try await operations.metadata(document, schema: schema, json: true)
            return (outcome.value, outcome.change, outcome.completion)
        }
    }

    /// The documents to work on: `document_ids` (repeats dropped) or every match of `filter`.
    private func targets(_ arguments: Arguments, maxDocuments: Int) async throws -> [String] {
        let idsValue = arguments.values["document_ids"].flatMap { $0 == .null ? nil : $0 }
        let filter = try FilterJSON.filter(from: arguments.values["filter"])
        switch (idsValue, filter) {
        case (nil, nil):
            throw ToolError.invalidArguments("document_ids or filter: give one to choose the documents")
        case (.some, .some):
            throw ToolError.invalidArguments("document_ids and filter: give only one of them")
        case (let value?, nil):
            guard case .array(let items) = value else { throw ToolError.invalidArguments("document_ids: expected an array of strings") }
            var seen = Set<String>()
            var ids: [String] = []
            for (position, item) in items.enumerated() {
                guard let id = item.stringValue, !id.isEmpty else { throw ToolError.invalidArguments("document_ids[\(position)]: expected a uuid string") }
                if seen.insert(id.lowercased()).inserted { ids.append(id) }
            }
            return ids
        case (nil, let filter?):
            let page = try await storeCall { try await store.list(filter: filter, limit: maxDocuments, offset: 0, includeContent: false) }
            guard page.totalCount <= maxDocuments else {
                throw ToolError.invalidArguments(
                    "filter: matches \(page.totalCount) documents, more than max_documents (\(maxDocuments)); narrow the filter or raise max_documents"
                )
            }
            return page.documents.map(\.uuid)
        }
    }

    static func enhancements(_ value: JSONValue?) throws -> [String] {
        guard case .array(let items)? = value, !items.isEmpty else { throw ToolError.invalidArguments("enhancements: required, a non-empty array") }
        var names: [String] = []
        for item in items {
            guard let name = item.stringValue, batchEnhancements.contains(name) else {
                throw ToolError.invalidArguments("enhancements: \(item.jsonString) is not one of \(batchEnhancements.joined(separator: ", "))")
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func errorJSON(_ error: ToolError) -> JSONValue {
        var members: [String: JSONValue] = ["code": .int(error.code), "message": .string(error.message)]
        if let data = error.data { members["data"] = data }
        return .object(members)
    }
}
