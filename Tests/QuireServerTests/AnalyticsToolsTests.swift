import Foundation
import MCP
import MCPServer
import QuireServer
import QuireStore
import Testing

@Suite("Analytics tools")
struct AnalyticsToolsTests {
    @Test func usageReportsCountExactlyTheCallsMade() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            let empty = try #require(await server.call("analyze_usage", ["time_range": "24h"]))
            #expect(empty["analysis"]?["summary"]?["total_calls"] == 0)
            #expect(empty["analysis"]?["note"]?.stringValue?.contains("No tool calls") == true)

            for title in ["One", "Two", "Three"] {
                _ = await server.call("add_document", ["content": .string("text about \(title)"), "metadata": ["title": .string(title), "status": "draft"]])
            }
            _ = await server.call("search_documents", ["query": "text", "search_type": "text", "filter": ["status": "draft"]])
            _ = await server.call("search_documents", ["query": "two", "search_type": "text"])
            _ = await server.call("get_document", ["document_id": "00000000-0000-4000-8000-000000000000"])

            let usage = try #require(await server.call("analyze_usage", ["time_range": "1h", "group_by": "day"]))
            let analysis = try #require(usage["analysis"])
            // The first analyze_usage call is in the log too; this one is not yet.
            #expect(analysis["summary"]?["total_calls"] == 7)
            #expect(analysis["summary"]?["failed_calls"] == 1)
            #expect(analysis["operations"] == ["analyze_usage": 1, "add_document": 3, "search_documents": 2, "get_document": 1])
            #expect(analysis["errors_by_code"] == ["-32001": 1])
            #expect(analysis["search_patterns"]?["filter_fields"] == ["status": 1])
            #expect(analysis["temporal_patterns"]?["time_series"]?[0]?["count"] == 7)
            #expect(usage["period"] == "1h")

            let performance = try #require(await server.call("query_performance", ["time_range": "1h"]))
            let summary = try #require(performance["performance"]?["summary"])
            #expect(summary["total_queries"] == 2)
            let p50 = try #require(summary["p50_duration_ms"]?.doubleValue)
            let p99 = try #require(summary["p99_duration_ms"]?.doubleValue)
            let max = try #require(summary["max_duration_ms"]?.doubleValue)
            #expect(p50 > 0 && p50 <= p99 && p99 <= max)
            let filtered = try #require(await server.call("query_performance", ["query_type": "filter"]))
            #expect(filtered["performance"]?["summary"]?["total_queries"] == 1)
            let vector = try #require(await server.call("query_performance", ["query_type": "vector"]))
            #expect(vector["performance"]?["summary"]?["total_queries"] == 0)
            #expect(vector["performance"]?["note"] != nil)
        }
    }

    @Test func optimizeStorageDryRunChangesNothingAndARealRunShrinksTheLog() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            for index in 0..<30 {
                _ = await server.call("add_document", ["content": .string(String(repeating: "words \(index) ", count: 200)), "metadata": ["title": .string("D\(index)")]])
            }
            let version = try await store.storeVersion()
            let planned = try #require(await server.call("optimize_storage", ["operations": ["compact", "vacuum", "reindex"]], progressToken: "opt"))
            #expect(planned["dry_run"] == true)
            #expect(planned["results"]?["operations"]?.arrayValue?.allSatisfy { $0["status"] == "planned" } == true)
            #expect(planned["results"]?["after"] == nil)
            #expect(try await store.storageFootprint().walBytes > 0, "a dry run does not checkpoint")
            #expect(server.progress("opt") == [1, 2, 3])

            let done = try #require(await server.call("optimize_storage", ["dry_run": false]))
            #expect(done["results"]?["operations"]?.arrayValue?.map { $0["status"] } == ["done", "done"])
            let walBefore = try #require(done["results"]?["before"]?["wal_bytes"]?.intValue)
            let walAfter = try #require(done["results"]?["after"]?["wal_bytes"]?.intValue)
            #expect(walBefore > 0 && walAfter < walBefore)
            #expect(try await store.storeVersion() == version)
            #expect(try await store.count() == 30)

            let bad = try #require(await server.call("optimize_storage", ["operations": ["defrag"]]))
            #expect(bad["error"]?["code"] == -32602)
        }
    }

    @Test func benchmarksTimeRealOperationsWithoutTouchingTheStore() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            _ = await server.call("add_document", ["content": "Swift actors and SQLite search", "metadata": ["title": "Seed"]])
            let version = try await store.storeVersion()
            let result = try #require(await server.call(
                "benchmark_operations", ["operations": ["search", "insert", "update", "scan"], "sample_size": 12, "concurrency": 3], progressToken: "bench"
            ))
            let operations = try #require(result["benchmarks"]?["operations"])
            for name in ["search", "insert", "update", "scan"] {
                let operation = try #require(operations[name])
                #expect(operation["samples"] == 12, "\(name)")
                #expect(operation["errors"] == 0, "\(name)")
                let latency = try #require(operation["latency_ms"])
                let values = ["min", "p50", "p90", "p99", "max"].compactMap { latency[$0]?.doubleValue }
                #expect(values.count == 5 && values == values.sorted(), "\(name): \(latency)")
                #expect((operation["throughput_ops_per_sec"]?.doubleValue ?? 0) > 0)
            }
            #expect(operations["search"]?["target"] == "store")
            #expect(operations["insert"]?["target"] == "scratch")
            #expect(try await store.storeVersion() == version)
            #expect(try await store.count() == 1)
            #expect(server.progress("bench").last == 48)
            let scratch = try #require(result["benchmarks"]?["configuration"]?["scratch_store"]?.stringValue?.split(separator: " ").first)
            #expect(scratch.contains("quire-benchmark-"))
            #expect(!FileManager.default.fileExists(atPath: String(scratch)), "the scratch store is deleted")
        }
    }

    @Test func relationshipAnalysisAndResourcesReadTheIndex() async throws {
        try await withAnalyticsStore { store, _ in
            let root = try await store.add(Document(title: "Root"))
            let child = try await store.add(Document(title: "Child", relationships: [Relationship(type: .parent, id: root.uuid)]))
            _ = try await store.add(Document(title: "Grandchild", relationships: [Relationship(type: .parent, id: child.uuid)]))
            let lonely = try await store.add(Document(title: "Lonely"))
            let server = await AnalyticsHarness(store: store)

            let result = try #require(await server.call("relationship_analysis", ["max_depth": 1]))
            let analysis = try #require(result["analysis"])
            #expect(analysis["summary"]?["total_relationships"] == 2)
            #expect(analysis["components"]?["largest_component"] == 3)
            #expect(analysis["hierarchy"]?["levels"] == [["depth": 1, "documents": 1]])
            #expect(analysis["hierarchy"]?["deeper_than_max_depth"] == 1)
            #expect(analysis["orphans"] == ["count": 1, "document_ids": [.string(lonely.uuid)]])
            let none = try #require(await server.call("relationship_analysis", ["relationship_types": ["related"]]))
            #expect(none["analysis"]?["summary"]?["total_relationships"] == 0)
            #expect(none["analysis"]?["note"] != nil)

            guard case .response(let read)? = await server.request("resources/read", ["uri": "contextframe://relationships"]),
                  let text = read.result["contents"]?[0]?["text"]?.stringValue
            else { Issue.record("relationships resource unreadable"); return }
            let relationships = try JSONValue(parsing: Array(text.utf8))
            #expect(relationships["by_type"]?["parent"] == 2)
            #expect(relationships["orphans"]?["count"] == 1)

            guard case .response(let stats)? = await server.request("resources/read", ["uri": "contextframe://dataset/stats"]),
                  let statsText = stats.result["contents"]?[0]?["text"]?.stringValue
            else { Issue.record("stats resource unreadable"); return }
            let datasetStats = try JSONValue(parsing: Array(statsText.utf8))
            #expect(datasetStats["document_count"] == 4)
            #expect(datasetStats["has_embeddings"] == false)
            #expect(datasetStats["record_types"] == ["document": 4])
        }
    }

    @Test func metricsExportInEveryFormatAndRejectBadNames() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            _ = await server.call("search_documents", ["query": "nothing", "search_type": "text"])
            let prometheus = try #require(await server.call("export_metrics", ["format": "prometheus", "metrics": ["usage", "performance"], "labels": ["env": "ci"]]))
            let text = try #require(prometheus["data"]?.stringValue)
            #expect(text.contains("contextframe_tool_calls{tool=\"search_documents\",outcome=\"ok\",env=\"ci\"} 1\n"))
            #expect(text.contains("# TYPE contextframe_search_duration_seconds summary"))
            #expect(!text.contains("contextframe_documents"), "the dataset category was not asked for")

            let json = try #require(await server.call("export_metrics", ["metrics": ["contextframe_store_version"]]))
            #expect(json["data"]?["metrics"]?.arrayValue?.map { $0["name"] } == ["contextframe_store_version"])
            let csv = try #require(await server.call("export_metrics", ["format": "csv", "metrics": ["documents"]]))
            #expect(csv["data"] == "metric,type,category,labels,value\r\ncontextframe_documents,gauge,dataset,,0\r\n")

            #expect(await server.call("export_metrics", ["metrics": ["bogus"]])?["error"]?["message"]?.stringValue?.contains("metrics[0]") == true)
            #expect(await server.call("export_metrics", ["labels": ["tool": "x"]])?["error"]?["code"] == -32602)
            #expect(await server.call("export_metrics", ["labels": ["9lives": "x"]])?["error"]?["code"] == -32602)
        }
    }

    @Test func monitoringToolsReportFromTheSameLog() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            _ = await server.call("list_documents")
            _ = await server.call("list_documents")
            let usage = try #require(await server.call("get_usage_metrics", ["include_details": true]))
            #expect(usage["summary"]?["total_calls"] == 2)
            #expect(usage["top_tools"] == [["tool": "list_documents", "count": 2]])
            let performance = try #require(await server.call("get_performance_metrics", ["operation_type": "list_documents"]))
            #expect(performance["operations"]?["list_documents"]?["count"] == 2)
            #expect(performance["operations"]?["list_documents"]?["percentiles"]?["p95"] != nil)
            let cost = try #require(await server.call("get_cost_report", ["group_by": "provider"]))
            #expect(cost["total_cost"] == 0.0)
            #expect(cost["note"]?.stringValue?.contains("--price-table") == true)
            let status = try #require(await server.call("get_monitoring_status"))
            #expect(status["status"] == "healthy")
            // Reports flush the log before reading; the status call only looks, so the cost report's own call still waits.
            #expect(status["log"]?["records"] == 4)
            #expect(status["buffers"]?["pending"] == 1)
            let badTime = try #require(await server.call("get_usage_metrics", ["start_time": "last tuesday"]))
            #expect(badTime["error"]?["message"]?.stringValue?.contains("start_time") == true)
        }
    }

    @Test func datasetStatsAndIndexAdviceComeFromTheStore() async throws {
        try await withAnalyticsStore { store, _ in
            let server = await AnalyticsHarness(store: store)
            for index in 0..<4 {
                _ = await server.call("add_document", ["content": "entry", "metadata": ["title": .string("E\(index)"), "author": "Ada", "x_team": "core"]])
                _ = await server.call("search_documents", ["query": "entry", "search_type": "text", "filter": ["author": "Ada", "custom_metadata.x_team": "core"]])
            }
            let stats = try #require(await server.call("get_dataset_stats", ["sample_size": 100]))
            #expect(stats["stats"]?["summary"]?["total_documents"] == 4)
            #expect(stats["stats"]?["content"]?["metadata_fields"] == ["x_team": 4])
            #expect(stats["stats"]?["storage"]?["page_size"]?.intValue ?? 0 > 0)
            let brief = try #require(await server.call("get_dataset_stats", ["include_details": false, "include_fragments": false]))
            #expect(brief["stats"]?["content"] == nil && brief["stats"]?["storage"] == nil)

            let advice = try #require(await server.call("index_recommendations", ["workload_type": "search"]))
            let suggestions = try #require(advice["recommendations"]?["suggestions"]?.arrayValue)
            let author = try #require(suggestions.first { $0["field"] == "author" })
            #expect(author["type"] == "create_index")
            #expect(author["sql"] == "CREATE INDEX documents_author ON documents(author)")
            #expect(suggestions.first { $0["field"] == "custom_metadata.x_team" }?["type"] == "not_indexable")
            #expect(advice["recommendations"]?["filtered_searches"] == 4)
            let structural = try #require(await server.call("index_recommendations", ["analyze_queries": false]))
            #expect(structural["recommendations"]?["suggestions"]?.arrayValue?.contains { $0["field"] != nil } == false)
        }
    }
}
