import MCP
import MCPServer
import QuireStore

extension BatchTools {
    static let defaultExtractPatterns = ["*.md", "*.txt", "*.json", "*.yaml", "*.yml"]

    var batchExtract: ToolDefinition {
        let source = SchemaBuilder.object(
            [
                "path": SchemaBuilder.string("A file under the files roots.", minLength: 1),
                "url": SchemaBuilder.string("A URL (refused: URL fetching is disabled on this server)."),
                "type": SchemaBuilder.string("file or url.", enum: ["file", "url"]),
            ],
            required: ["type"]
        )
        let tool = Tool(
            name: "batch_extract",
            title: "Extract many files",
            description: """
                Extract documents from many files under the server's files roots, as extract_from_file does: the files \
                listed in sources, and/or every file in directory whose name matches patterns (recursive by default; \
                hidden entries skipped). Per item: each file's documents are stored in one transaction of their own, \
                and results list every source's outcome; with continue_on_error=false the call stops at the first \
                failure; a cancelled call stops between files and keeps those already stored. URL sources are refused: \
                URL fetching is disabled on this server. shared_metadata keys become custom_metadata x_<key>.
                """,
            inputSchema: SchemaBuilder.object([
                "sources": ["type": "array", "items": source, "maxItems": 10000, "description": "Files to extract."],
                "directory": SchemaBuilder.string("A folder under the files roots to extract matching files from.", minLength: 1),
                "patterns": [
                    "type": "array", "items": ["type": "string", "minLength": 1], "default": .array(Self.defaultExtractPatterns.map(JSONValue.string)),
                    "description": "Glob patterns for file names in directory (a pattern with / matches the path below directory).",
                ],
                "recursive": SchemaBuilder.boolean("Descend into sub-folders of directory.", default: true),
                "add_to_dataset": SchemaBuilder.boolean("Store the documents; false only reports what would be extracted.", default: true),
                "shared_metadata": SchemaBuilder.metadata("Custom metadata for every document; keys get an x_ prefix."),
                "collection": SchemaBuilder.string("A collection to put every document in, by id or name."),
                "continue_on_error": SchemaBuilder.boolean("Keep going after a source fails.", default: true),
            ]),
            outputSchema: SchemaBuilder.output(
                [
                    "success": ["type": "boolean"],
                    "sources_processed": ["type": "integer"],
                    "sources_extracted": ["type": "integer"],
                    "sources_failed": ["type": "integer"],
                    "documents_added": ["type": "integer"],
                    "results": Self.outcomes,
                    "errors": Self.errorList,
                    "cancelled": ["type": "boolean"],
                ],
                required: ["success", "sources_processed", "sources_extracted", "sources_failed", "documents_added", "results", "errors"]
            ),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await extract(Arguments(arguments), context: context) }
    }

    /// One thing to extract: a file path, or a source that fails without being read.
    private enum ExtractSource {
        case file(String)
        case refused(label: String, ToolError)

        var label: String {
            switch self {
            case .file(let path): return path
            case .refused(let label, _): return label
            }
        }
    }

    private func extract(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let extractor = try environment.fileExtractor()
        let sources = try gatherSources(arguments, roots: extractor.roots)
        guard !sources.isEmpty else { throw ToolError.invalidArguments("sources or directory: nothing to extract (give sources, or a directory with matching files)") }
        let add = try arguments.bool("add_to_dataset", default: true)
        let continueOnError = try arguments.bool("continue_on_error", default: true)
        let collection = add ? try await environment.ingest.collection(try arguments.string("collection")) : nil
        var shared: [String: String] = [:]
        for (key, value) in try arguments.object("shared_metadata") ?? [:] where value != .null {
            shared[CustomKey.prefixed(key)] = value.stringValue ?? value.jsonString
        }

        let run = BatchRun(tool: "batch_extract", context: context, total: sources.count, unit: "sources")
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        var added = 0
        var stoppedEarly = false
        let store = self.store
        for (position, source) in sources.enumerated() {
            if run.isCancelled { break }
            do {
                guard case .file(let path) = source else {
                    if case .refused(_, let error) = source { throw error }
                    continue
                }
                let file: ExtractedFile
                do {
                    file = try extractor.extract(path: path)
                } catch {
                    throw ToolError.extraction(error)
                }
                guard !file.documents.isEmpty else { throw ToolError.invalidArguments("\(path) holds no documents") }
                var documents = file.documents
                for index in documents.indices {
                    for (key, value) in shared { documents[index].customMetadata[key] = value }
                }
                var outcome: [String: JSONValue] = [
                    "source": .string(path), "success": true, "format": .string(file.format.rawValue),
                    "documents": .int(documents.count),
                    "content_length": .int(documents.reduce(0) { $0 + ($1.textContent?.count ?? 0) }),
                    "metadata": DocumentJSON.metadata(of: documents[0]),
                ]
                if add {
                    let (ready, _) = try await environment.ingest.prepare(documents, collection: collection, generateEmbeddings: true)
                    let stored = try await uninterrupted { try await storeCall { try await store.add(ready) } }
                    added += stored.count
                    outcome["document_ids"] = .array(stored.map { .string($0.uuid) })
                    outcome["document_id"] = .string(stored[0].uuid)
                }
                results.append(.object(outcome))
            } catch is CancellationError {
                break
            } catch {
                let error = ToolError.wrapping(error)
                results.append(["source": .string(source.label), "success": false, "error": error.json])
                errors.append(["source": .string(source.label), "error": error.json])
                if !continueOnError {
                    stoppedEarly = position + 1 < sources.count
                    break
                }
            }
            await run.progressed(position + 1)
        }
        var summary: [String: JSONValue] = [
            "success": .bool(errors.isEmpty && results.count == sources.count),
            "sources_processed": .int(results.count), "sources_extracted": .int(results.count - errors.count),
            "sources_failed": .int(errors.count), "documents_added": .int(added),
            "results": .array(results), "errors": .array(errors),
        ]
        if stoppedEarly {
            summary["stopped_early"] = true
            summary["sources_skipped"] = .int(sources.count - results.count)
            return .structured(.object(summary))
        }
        if results.count < sources.count { return await run.cancelled(summary) }
        return .structured(.object(summary))
    }

    private func gatherSources(_ arguments: Arguments, roots: FileRoots) throws -> [ExtractSource] {
        var sources: [ExtractSource] = []
        if case .array(let listed)? = arguments.values["sources"] {
            for (position, entry) in listed.enumerated() {
                let type = entry["type"]?.stringValue ?? "file"
                if type == "url" || (entry["url"] != nil && entry["path"] == nil) {
                    let url = entry["url"]?.stringValue ?? "sources[\(position)]"
                    sources.append(.refused(label: url, ToolError.invalidArguments(
                        "\(url): URL fetching is disabled on this server; save the page under a files root and give its path"
                    )))
                } else if let path = entry["path"]?.stringValue {
                    sources.append(.file(path))
                } else {
                    sources.append(.refused(label: "sources[\(position)]", ToolError.invalidArguments("sources[\(position)]: a file source needs a path")))
                }
            }
        }
        if let directory = try arguments.string("directory") {
            let folder: String
            do {
                folder = try roots.resolveExisting(directory)
            } catch {
                throw ToolError.file(error)
            }
            var patterns = Self.defaultExtractPatterns
            if case .array(let given)? = arguments.values["patterns"] { patterns = given.compactMap(\.stringValue) }
            let walker = DirectoryWalker(patterns: patterns, recursive: try arguments.bool("recursive", default: true), limit: 10_000)
            do {
                sources.append(contentsOf: try walker.files(in: folder).map(ExtractSource.file))
            } catch let error as FileAccessError {
                throw error == .unreadable(path: folder, reason: "cannot list the folder")
                    ? ToolError.file(.notADirectory(path: directory))
                    : ToolError.file(error)
            } catch {
                throw ToolError.invalidArguments(String(describing: error))
            }
        }
        guard sources.count <= 10_000 else { throw ToolError.invalidArguments("sources: \(sources.count) sources is over the limit of 10000 per call") }
        return sources
    }
}
