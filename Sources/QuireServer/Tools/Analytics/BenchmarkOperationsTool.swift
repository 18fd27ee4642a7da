import Foundation
import MCP
import MCPServer
import QuireStore

extension AnalyticsTools {
    static let benchmarkOperationNames = ["search", "insert", "update", "scan"]

    var benchmarkOperations: ToolDefinition {
        let tool = Tool(
            name: "benchmark_operations",
            title: "Benchmark operations",
            description: """
                Times real store operations and reports latency (min, p50, p90, p99, max, mean, std in ms) and \
                throughput. search: a full-text search for a word from the documents; scan: reading a page of 100 \
                documents. Both run on the real store when it has documents. insert and update write to a scratch \
                store in a temporary folder that is deleted afterwards, so the real store never changes. \
                concurrency runs that many operations at once. Progress is reported as operations finish.
                """,
            inputSchema: SchemaBuilder.object([
                "operations": [
                    "type": "array", "items": ["type": "string", "enum": .array(Self.benchmarkOperationNames.map(JSONValue.string))],
                    "default": ["search", "scan"], "minItems": 1, "description": "What to time, in order.",
                ],
                "sample_size": SchemaBuilder.integer("Operations per benchmark.", minimum: 1, maximum: 10_000, default: 100),
                "concurrency": SchemaBuilder.integer("Operations running at once.", minimum: 1, maximum: 100, default: 1),
            ]),
            outputSchema: Self.output(["benchmarks": Self.object], required: ["benchmarks"]),
            annotations: Self.readOnly
        )
        return ToolDefinition(tool) { arguments, context in try await benchmark(Arguments(arguments), context: context) }
    }

    private func benchmark(_ arguments: Arguments, context: RequestContext) async throws -> CallToolResult {
        let operations = try Self.operationList(arguments.values["operations"], field: "operations", allowed: Self.benchmarkOperationNames, fallback: ["search", "scan"])
        let sampleSize = try arguments.int("sample_size", default: 100)
        let concurrency = try arguments.int("concurrency", default: 1)
        guard (1...10_000).contains(sampleSize) else { throw ToolError.invalidArguments("sample_size: \(sampleSize) is out of range; use 1…10000") }
        guard (1...100).contains(concurrency) else { throw ToolError.invalidArguments("concurrency: \(concurrency) is out of range; use 1…100") }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-benchmark-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let measurements: [BenchmarkRunner.Measurement]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ToolError(code: JSONRPCError.Code.internalError, message: "benchmark_operations: cannot create a scratch folder: \(error.localizedDescription)")
        }
        let total = operations.count * sampleSize
        let step = max(1, total / 50)
        let progress = context.progress
        measurements = try await storeCall {
            let scratch = try DocumentStore.open(
                path: folder.appendingPathComponent("scratch.db").path,
                options: StoreOptions(embeddingDimension: store.embeddingDimension)
            )
            let runner = BenchmarkRunner(store: store, scratch: scratch, sampleSize: sampleSize, concurrency: concurrency) { done in
                if done % step == 0 || done == total {
                    await progress.report(Double(done), total: Double(total), message: "\(done) of \(total) operations")
                }
            }
            return try await runner.run(operations)
        }

        var results: [String: JSONValue] = [:]
        var totalTime = 0.0
        for measurement in measurements {
            let latency = LatencyStatistics(measurement.latencies)
            totalTime += measurement.wallMilliseconds
            results[measurement.operation] = [
                "target": .string(measurement.target),
                "samples": .int(measurement.latencies.count),
                "errors": .int(measurement.errors),
                "latency_ms": latency.json,
                "total_time_ms": .rounded(measurement.wallMilliseconds),
                "throughput_ops_per_sec": .rounded(measurement.wallMilliseconds > 0 ? Double(measurement.latencies.count) / (measurement.wallMilliseconds / 1000) : 0, places: 1),
            ]
        }
        let byMean = measurements.map { ($0.operation, LatencyStatistics($0.latencies).mean) }.sorted { $0.1 < $1.1 }
        let benchmarks: JSONValue = [
            "configuration": [
                "operations": .array(operations.map(JSONValue.string)),
                "sample_size": .int(sampleSize),
                "concurrency": .int(concurrency),
                "store_documents": .int(try await storeCall { try await store.count() }),
                "scratch_store": .string(folder.path + " (deleted after the run)"),
            ],
            "operations": .object(results),
            "summary": [
                "total_operations": .int(measurements.reduce(0) { $0 + $1.latencies.count }),
                "total_errors": .int(measurements.reduce(0) { $0 + $1.errors }),
                "total_time_ms": .rounded(totalTime),
                "fastest_operation": byMean.first.map { .string($0.0) } ?? .null,
                "slowest_operation": byMean.last.map { .string($0.0) } ?? .null,
            ],
        ]
        return .structured(["success": true, "benchmarks": benchmarks, "timestamp": Self.timestamp])
    }
}
