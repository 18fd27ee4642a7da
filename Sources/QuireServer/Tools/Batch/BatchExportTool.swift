import Foundation
import MCP
import MCPServer
import QuireStore

extension BatchTools {
    var batchExport: ToolDefinition {
        let tool = Tool(
            name: "batch_export",
            title: "Export documents to a file",
            description: """
                Write documents to a file under the server's files roots: those named by document_ids, or matched by \
                filter, or the first limit documents (oldest first). Formats: json ({"documents": [...]}), jsonl (one \
                record per line; what batch_import and quire import read back) and csv (list and map fields as JSON \
                text); parquet is not supported. A JSON export larger than chunk_size is split into <name>_chunk_N \
                files (N from 0). All-or-nothing: files appear only when complete, an existing file is replaced only \
                then, and a cancelled call writes nothing.
                """,
            inputSchema: SchemaBuilder.object(
                [
                    "document_ids": BatchTargets.idsSchema("The documents to export."),
                    "filter": SchemaBuilder.filter,
                    "limit": SchemaBuilder.integer("Export at most this many documents.", minimum: 1),
                    "format": SchemaBuilder.string("json, jsonl, csv (parquet is not supported).", enum: ["json", "jsonl", "csv", "parquet"]),
                    "output_path": SchemaBuilder.string("The file to write, under a files root (relative paths: under the first root).", minLength: 1),
                    "include_embeddings": SchemaBuilder.boolean("Include each document's embedding.", default: false),
                    "chunk_size": SchemaBuilder.integer("Documents per JSON file (and per read).", minimum: 100, maximum: 10000, default: 1000),
                ],
                required: ["format", "output_path"]
            ),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "format": ["type": "string"],
                    "documents_exported": ["type": "integer"],
                    "output_path": ["type": "string"],
                    "file_size_bytes": ["type": "integer"],
                    "files_created": ["type": "integer"],
                    "output_files": ["type": "array", "items": ["type": "string"]],
                    "documents_not_found": ["type": "array", "items": ["type": "string"]],
                    "cancelled": ["type": "boolean"],
                ],
                required: ["success", "format", "documents_exported"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await export(Arguments(arguments), context: context) }
    }

    private func export(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let formatName = try arguments.requiredString("format")
        guard let format = ExportFormat(rawValue: formatName) else {
            throw ToolError.invalidArguments("format: \(formatName) is not supported by Quire; use json, jsonl or csv")
        }
        let outputPath = try arguments.requiredString("output_path")
        let includeEmbeddings = try arguments.bool("include_embeddings", default: false)
        let chunkSize = try arguments.int("chunk_size", default: 1000)
        let limit = try arguments.optionalInt("limit")
        let hasFilter = arguments.values["filter"].map { $0 != .null } ?? false
        let hasIDs = arguments.values["document_ids"].map { $0 != .null } ?? false
        guard hasFilter || hasIDs || limit != nil else {
            throw ToolError.invalidArguments("document_ids, filter or limit: give at least one to say which documents to export")
        }
        var ids: [String]?
        var filter: Filter?
        if hasIDs {
            guard !hasFilter else { throw ToolError.invalidArguments("document_ids and filter: give only one of them") }
            ids = try await BatchTargets.resolve(arguments, store: store, limit: nil, allowEmptyFilter: true).ids
            if let limit, let all = ids { ids = Array(all.prefix(limit)) }
        } else {
            filter = try FilterJSON.filter(from: arguments.values["filter"])
        }
        let roots = try environment.fileRoots()
        let target: String
        do {
            target = try roots.resolveForWriting(outputPath)
        } catch {
            throw ToolError.file(error)
        }

        let pager = DocumentPager(store: store, filter: filter, ids: ids, limit: limit, pageSize: chunkSize, includeRawData: false)
        let total = try await storeCall { try await pager.total() }
        // JSON over chunk_size goes to numbered files; each is checked like the named one.
        let chunked = format == .json && total > chunkSize
        var targets = [target]
        if chunked {
            let fileCount = (total + chunkSize - 1) / chunkSize
            let base = outputPath as NSString
            let stem = (base.lastPathComponent as NSString).deletingPathExtension
            let suffix = base.pathExtension.isEmpty ? "" : ".\(base.pathExtension)"
            targets = []
            for number in 0..<fileCount {
                let name = "\(stem)_chunk_\(number)\(suffix)"
                let folder = base.deletingLastPathComponent
                do {
                    targets.append(try roots.resolveForWriting(folder.isEmpty ? name : "\(folder)/\(name)"))
                } catch {
                    throw ToolError.file(error)
                }
            }
        }

        let encoder = ExportEncoder(format: format, includeEmbeddings: includeEmbeddings)
        let run = BatchRun(tool: "batch_export", context: context, total: total, unit: "documents")
        var writers: [ExportFileWriter] = []
        defer { for writer in writers { writer.discard() } }
        func openWriter(_ path: String) throws -> ExportFileWriter {
            do {
                let writer = try ExportFileWriter(path: path)
                writers.append(writer)
                try writer.write(encoder.header)
                return writer
            } catch {
                throw ToolError.file(error)
            }
        }

        var exported = 0
        var exportedIDs = Set<String>()
        var writer = try openWriter(targets[0])
        var inFile = 0
        var pageNumber = 0
        while true {
            if run.isCancelled {
                return await run.cancelled([
                    "success": false, "format": .string(format.rawValue), "documents_exported": 0,
                    "message": .string("cancelled after reading \(exported) documents; no file was written"),
                ])
            }
            guard let page = try await storeCall({ try await pager.page(pageNumber) }) else { break }
            pageNumber += 1
            do {
                for document in page {
                    if chunked, inFile == chunkSize, writers.count < targets.count {
                        try writer.write(encoder.footer)
                        writer = try openWriter(targets[writers.count])
                        inFile = 0
                    }
                    try writer.write(encoder.encode(document, first: inFile == 0))
                    inFile += 1
                    exported += 1
                    exportedIDs.insert(document.uuid)
                }
            } catch let error as FileAccessError {
                throw ToolError.file(error)
            }
            await run.progressed(exported)
        }

        var sizes = 0
        do {
            try writer.write(encoder.footer)
            for file in writers { sizes += try file.commit() }
        } catch {
            throw ToolError.file(error)
        }
        var result: [String: JSONValue] = [
            "success": true, "format": .string(format.rawValue), "documents_exported": .int(exported), "file_size_bytes": .int(sizes),
        ]
        if chunked {
            result["files_created"] = .int(writers.count)
            result["output_files"] = .array(writers.map { .string($0.path) })
        } else {
            result["output_path"] = .string(target)
        }
        if let ids {
            let missing = ids.filter { !exportedIDs.contains($0) }
            if !missing.isEmpty { result["documents_not_found"] = .array(missing.map(JSONValue.string)) }
        }
        return .structured(.object(result))
    }
}
