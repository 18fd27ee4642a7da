import Foundation
import MCP
import MCPServer
import QuireStore

extension BatchTools {
    /// Records stored per transaction by batch_import.
    static let importChunk = 500

    var batchImport: ToolDefinition {
        let validation = SchemaBuilder.object(
            [
                "max_errors": SchemaBuilder.integer("The most invalid records tolerated; more and nothing is imported.", minimum: 0, default: 10),
                "require_schema_match": SchemaBuilder.boolean("Treat fields outside the document schema as errors (otherwise they become custom_metadata x_*).", default: false),
            ],
            description: "How strictly records are checked."
        )
        let tool = Tool(
            name: "batch_import",
            title: "Import documents from a file",
            description: """
                Read documents from a file under the server's files roots: json (an array, one object, or \
                {"documents": [...]}), jsonl (one record per line, as batch_export and quire export write them; uuids, \
                metadata, content and embeddings are restored) or csv (a header row; content/title and the other \
                metadata columns; list and map columns as JSON or comma-separated text). parquet is not supported. \
                mapping renames source fields (src → dst, dst may be custom_metadata.<key>). Every record is checked \
                first: more than validation.max_errors invalid records and nothing is imported. Otherwise per item, \
                in transactions of up to 500: valid records are stored, invalid ones and duplicates reported; a \
                cancelled call stops between transactions and reports exactly what was stored.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "source_path": SchemaBuilder.string("The file to read, under a files root.", minLength: 1),
                    "format": SchemaBuilder.string("json, jsonl, csv (parquet is not supported).", enum: ["json", "jsonl", "csv", "parquet"]),
                    "mapping": ["type": "object", "additionalProperties": ["type": "string"], "description": "Source field → destination field."],
                    "validation": validation,
                    "generate_embeddings": SchemaBuilder.boolean("Compute embeddings for records without one, with the server's provider.", default: true),
                ],
                required: ["source_path", "format"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "source_path": ["type": "string"],
                    "format": ["type": "string"],
                    "documents_found": ["type": "integer"],
                    "documents_imported": ["type": "integer"],
                    "documents_failed": ["type": "integer"],
                    "errors": Self.errorList,
                    "results": Self.outcomes,
                    "message": ["type": "string"],
                    "cancelled": ["type": "boolean"],
                ],
                required: ["success", "source_path", "format", "documents_found", "documents_imported", "documents_failed", "errors"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await importFile(Arguments(arguments), context: context) }
    }

    private func importFile(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let sourcePath = try arguments.requiredString("source_path")
        let formatName = try arguments.requiredString("format")
        guard let format = ExportFormat(rawValue: formatName) else {
            throw ToolError.invalidArguments("format: \(formatName) is not supported by Quire; use json, jsonl or csv")
        }
        var mapping: [String: String] = [:]
        for (source, destination) in try arguments.object("mapping") ?? [:] {
            guard case .string(let target) = destination else { throw ToolError.invalidArguments("mapping.\(source): expected a string") }
            mapping[source] = target
        }
        let validation = Arguments(try arguments.object("validation") ?? [:])
        let maxErrors = try validation.int("max_errors", default: 10)
        let strict = try validation.bool("require_schema_match", default: false)
        let generate = try arguments.bool("generate_embeddings", default: true)

        let extractor = try environment.fileExtractor()
        let text: String
        let fileName: String
        do {
            let real = try extractor.roots.resolveExisting(sourcePath)
            fileName = (real as NSString).lastPathComponent
            text = try TextFileReader.read(realPath: real, displayPath: sourcePath, limit: extractor.maxFileBytes)
        } catch {
            throw ToolError.file(error)
        }
        let records: ImportRecords
        do {
            records = try ImportRecords(text: text, format: format, displayPath: sourcePath)
        } catch {
            throw ToolError.extraction(error)
        }

        // Every record checked before anything is written.
        let decoded: [Result<Document, ToolError>] = records.records.map { label, value in
            Result {
                let object = ImportRecords.coerced(ImportRecords.mapped(try value.get(), mapping: mapping))
                return try FrameDecoder.document(
                    from: object, fallbackTitle: strict ? nil : "\(fileName) \(label)", unknownKeys: strict ? .reject : .keepAsCustom
                )
            }.mapError { ToolError.wrapping($0).located(label) }
        }
        var results = [JSONValue](repeating: .null, count: decoded.count)
        var errors: [JSONValue] = []
        for (index, outcome) in decoded.enumerated() {
            guard case .failure(let error) = outcome else { continue }
            results[index] = ["index": .int(index), "success": false, "error": error.json]
            errors.append(["index": .int(index), "error": error.json])
        }
        var summary: [String: JSONValue] = [
            "source_path": .string(sourcePath), "format": .string(format.rawValue), "documents_found": .int(decoded.count),
        ]
        if errors.count > maxErrors {
            summary["success"] = false
            summary["documents_imported"] = 0
            summary["documents_failed"] = .int(errors.count)
            summary["errors"] = .array(Array(errors.prefix(10)))
            summary["message"] = .string("\(errors.count) records are invalid, more than validation.max_errors (\(maxErrors)); nothing was imported")
            return .structured(.object(summary))
        }

        let valid = decoded.enumerated().compactMap { index, outcome in (try? outcome.get()).map { (index, $0) } }
        let run = BatchRun(tool: "batch_import", context: context, total: valid.count, unit: "documents")
        let adder = ResilientAdd(store: store)
        var imported = 0
        var processed = 0
        var cancelled = false
        while processed < valid.count {
            if run.isCancelled {
                cancelled = true
                break
            }
            let chunk = valid[processed..<min(processed + Self.importChunk, valid.count)]
            let outcomes: [Result<String, ToolError>]
            do {
                let (ready, _) = try await environment.ingest.prepare(chunk.map(\.1), collection: nil, generateEmbeddings: generate)
                outcomes = try await adder.add(ready)
            } catch is CancellationError {
                cancelled = true
                break
            } catch {
                let error = ToolError.wrapping(error)
                outcomes = Array(repeating: .failure(error), count: chunk.count)
            }
            for ((index, _), outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .success(let id):
                    imported += 1
                    results[index] = ["index": .int(index), "success": true, "document_id": .string(id)]
                case .failure(let error):
                    results[index] = ["index": .int(index), "success": false, "error": error.located(records.records[index].label).json]
                    errors.append(["index": .int(index), "error": error.located(records.records[index].label).json])
                }
            }
            processed += chunk.count
            await run.progressed(processed)
        }
        summary["success"] = .bool(errors.isEmpty && !cancelled)
        summary["documents_imported"] = .int(imported)
        summary["documents_failed"] = .int(errors.count)
        summary["errors"] = .array(Array(errors.prefix(10)))
        summary["results"] = .array(results.filter { $0 != .null })
        if cancelled {
            summary["documents_not_processed"] = .int(valid.count - processed)
            return await run.cancelled(summary)
        }
        return .structured(.object(summary))
    }
}
