import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    static let storageOperations = ["compact", "vacuum", "reindex"]

    var optimizeStorage: ToolDefinition {
        let tool = Tool(
            name: "optimize_storage",
            title: "Optimize storage",
            description: """
                Storage upkeep on the SQLite store. compact: checkpoint the write-ahead log into the database file, \
                truncate it and refresh planner statistics (PRAGMA optimize). vacuum: rewrite the file without free \
                pages. reindex: rebuild the full-text index and merge its segments, then rebuild every index \
                (REINDEX). Documents and the store version never change. dry_run (the default) changes nothing and \
                reports what each operation would do with the current file sizes; otherwise the result has sizes \
                before and after. Operations run in the order given; progress is reported per operation.
                """,
            inputSchema: SchemaBuilder.object([
                "operations": [
                    "type": "array", "items": ["type": "string", "enum": .array(Self.storageOperations.map(JSONValue.string))],
                    "default": ["compact", "vacuum"], "minItems": 1, "description": "What to do, in order.",
                ],
                "dry_run": SchemaBuilder.boolean("Only report what would be done.", default: true),
                "target_version": SchemaBuilder.integer("Accepted for compatibility: a SQLite store keeps no old versions to clean up.", minimum: 0),
            ]),
            outputSchema: Self.output(["results": Self.object, "dry_run": ["type": "boolean"]], required: ["results", "dry_run"]),
            annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        )
        return ToolDefinition(tool) { arguments, context in try await optimizeStorage(Arguments(arguments), context: context) }
    }

    private func optimizeStorage(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let operations = try Self.operationList(arguments.values["operations"], field: "operations", allowed: Self.storageOperations, fallback: ["compact", "vacuum"])
        let dryRun = try arguments.bool("dry_run", default: true)
        let targetVersion = try arguments.optionalInt("target_version")
        if !dryRun, store.isReadOnly {
            throw ToolError(code: ContextFrameErrorCode.datasetNotFound, message: "optimize_storage: the store \(store.path) is open read-only")
        }
        // Buffered usage records would otherwise land in the log right after it was truncated.
        if !dryRun { await usage.flush() }
        let before = try await storeCall { try await store.storageFootprint() }
        let records = try await storeCall { try await store.count() }
        let indexes = try await storeCall { try await store.indexes() }

        var reports: [JSONValue] = []
        for (done, operation) in operations.enumerated() {
            try Task.checkCancellation()
            var report: [String: JSONValue] = ["operation": .string(operation), "status": dryRun ? "planned" : "done"]
            let started = ContinuousClock.now
            switch operation {
            case "compact":
                report["actions"] = [
                    .string("checkpoint the write-ahead log (\(before.walBytes) bytes) into the database file and truncate it"),
                    "refresh query-planner statistics (PRAGMA optimize)",
                ]
                report["estimated_reclaimable_bytes"] = .int(Int(before.walBytes))
                if !dryRun {
                    let checkpoint = try await storeCall { try await store.checkpoint() }
                    try await storeCall { try await store.optimizeQueryPlanner() }
                    report["wal_frames"] = .int(checkpoint.walFrames)
                    report["checkpointed_frames"] = .int(checkpoint.checkpointedFrames)
                }
            case "vacuum":
                report["actions"] = [
                    .string("rewrite the database file without its \(before.freePages) free pages, then truncate the write-ahead log"),
                ]
                report["estimated_reclaimable_bytes"] = .int(Int(before.reclaimableBytes))
                if !dryRun { try await storeCall { try await store.vacuum() } }
            default:
                report["actions"] = [
                    .string("rebuild the full-text index over \(records) records and merge its segments"),
                    .string("rebuild \(indexes.count) indexes (REINDEX)"),
                ]
                if !dryRun {
                    try await storeCall { try await store.rebuildTextIndex() }
                    try await storeCall { try await store.rebuildIndexes() }
                }
            }
            if !dryRun { report["duration_ms"] = .rounded(UsageRecorder.milliseconds(ContinuousClock.now - started)) }
            reports.append(.object(report))
            await context.progress.report(Double(done + 1), total: Double(operations.count), message: "\(dryRun ? "planned" : "finished") \(operation)")
        }

        var results: [String: JSONValue] = ["before": Self.footprintJSON(before), "operations": .array(reports)]
        if !dryRun {
            let after = try await storeCall { try await store.storageFootprint() }
            results["after"] = Self.footprintJSON(after)
            results["bytes_saved"] = .int(Int(before.totalBytes - after.totalBytes))
        }
        if targetVersion != nil {
            results["notes"] = ["target_version has no effect: a SQLite store keeps no old versions, and the change log keeps its own retention."]
        }
        return .structured(["success": true, "results": .object(results), "dry_run": .bool(dryRun), "timestamp": Self.timestamp])
    }

    /// A de-duplicated list of allowed names from an array argument, in the order given.
    static func operationList(_ value: JSONValue?, field: String, allowed: [String], fallback: [String]) throws -> [String] {
        guard let value, value != .null else { return fallback }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("\(field): expected an array of strings") }
        var names: [String] = []
        for (position, element) in elements.enumerated() {
            guard let name = element.stringValue, allowed.contains(name) else {
                throw ToolError.invalidArguments("\(field)[\(position)]: use one of \(allowed.joined(separator: ", "))")
            }
            if !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { throw ToolError.invalidArguments("\(field): name at least one of \(allowed.joined(separator: ", "))") }
        return names
    }
}
