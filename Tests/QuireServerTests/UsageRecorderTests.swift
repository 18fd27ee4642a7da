import Foundation
import MCP
@testable import MCPServer
import QuireStore
import Testing
@testable import QuireServer

@Suite("Usage recorder")
struct UsageRecorderTests {
    func record(_ tool: String, error: Int? = nil, cancelled: Bool = false) -> ToolCallRecord {
        ToolCallRecord(
            tool: tool, principal: "ada", protocolVersion: .v2025_11_25, startedAt: .now - .milliseconds(20),
            duration: .milliseconds(12), isError: error != nil, errorCode: error, cancelled: cancelled
        )
    }

    @Test func recordsWaitForAFullBatchOrAFlush() async throws {
        try await withAnalyticsStore { store, _ in
            let recorder = UsageRecorder(store: store, configuration: .init(flushThreshold: 3))
            let before = Date()
            await recorder.toolCallFinished(record("a"))
            await recorder.toolCallFinished(record("b"))
            #expect(try await store.usageSummary().recordCount == 0, "below the threshold nothing is written")
            #expect(await recorder.currentStatus().pending == 2)

            await recorder.toolCallFinished(record("c", error: -32001))
            await recorder.toolCallFinished(record("d", cancelled: true))
            await recorder.flush()
            let after = Date()
            let records = try await store.usageRecords()
            #expect(records.map(\.tool) == ["a", "b", "c", "d"])
            #expect(records.map(\.outcome) == [.ok, .ok, .error, .cancelled])
            #expect(records[2].errorCode == -32001)
            #expect(records.allSatisfy { abs($0.durationMilliseconds - 12) < 0.001 && $0.principal == "ada" })
            // Each call started 20 ms before it was recorded; monotonic instants become wall-clock times.
            #expect(records.allSatisfy { $0.startedAt >= before.addingTimeInterval(-0.1) && $0.startedAt <= after }, "\(records.map(\.startedAt)) vs \(before)…\(after)")
            let status = await recorder.currentStatus()
            #expect(status.pending == 0 && status.written == 4 && status.dropped == 0 && status.failedWrites == 0)
        }
    }

    @Test func searchesKeepTheirShapeAndCount() async throws {
        try await withAnalyticsStore { store, _ in
            let recorder = UsageRecorder(store: store)
            let filter = try FilterStringParser.parse("status = 'draft' AND author IN ('Ada')")
            await recorder.searchFinished(SearchObservation(
                tool: "search_documents", principal: "ada", searchType: "text", filter: filter, resultCount: 4,
                startedAt: .now, duration: .microseconds(1500)
            ))
            await recorder.languageModelUsed(tool: "generate_tags", principal: "ada", provider: "m", promptTokens: 10, completionTokens: nil, startedAt: .now, duration: .seconds(1))
            await recorder.flush()
            let records = try await store.usageRecords()
            #expect(records.count == 2)
            let search = try #require(records.first { $0.kind == .search })
            #expect(search.filterShape == ["status eq", "author in"])
            #expect(search.resultCount == 4 && search.searchType == "text")
            #expect(abs(search.durationMilliseconds - 1.5) < 0.001)
            let exchange = try #require(records.first { $0.kind == .languageModel })
            #expect(exchange.promptTokens == 10 && exchange.completionTokens == nil && exchange.provider == "m")
        }
    }

    @Test func aStoreThatCannotWriteCostsRecordsNotMemory() async throws {
        try await withAnalyticsStore { store, directory in
            let readOnly = try DocumentStore.open(path: directory + "/store.db", options: StoreOptions(readOnly: true))
            let recorder = UsageRecorder(store: readOnly, configuration: .init(flushThreshold: 2, maximumPending: 3))
            for tool in ["a", "b", "c"] { await recorder.toolCallFinished(record(tool)) }
            await recorder.flush()
            let status = await recorder.currentStatus()
            #expect(status.failedWrites == 2)
            #expect(status.dropped == 3)
            #expect(status.written == 0 && status.pending == 0)
            #expect(status.lastError?.contains("read-only") == true)
            #expect(try await store.usageSummary().recordCount == 0)
        }
    }

    @Test func pendingRecordsAreCapped() async throws {
        try await withAnalyticsStore { store, _ in
            let recorder = UsageRecorder(store: store, configuration: .init(flushThreshold: 100, maximumPending: 5))
            for index in 0..<8 { await recorder.toolCallFinished(record("t\(index)")) }
            #expect(await recorder.currentStatus().dropped == 3)
            await recorder.flush()
            let kept = try await store.usageRecords().map(\.tool)
            #expect(kept == ["t0", "t1", "t2", "t3", "t4"])
        }
    }
}
