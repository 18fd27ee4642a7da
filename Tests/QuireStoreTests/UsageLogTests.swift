import Foundation
import Testing
@testable import QuireStore

@Suite("Usage log")
struct UsageLogTests {
    /// A whole-millisecond instant `seconds` before now, as the store keeps it.
    func ago(_ seconds: TimeInterval) -> Date {
        Timestamp.truncatedToMilliseconds(Date().addingTimeInterval(-seconds))
    }

    func call(_ tool: String, at date: Date, duration: Double = 1.5) -> UsageRecord {
        UsageRecord(kind: .toolCall, tool: tool, principal: "local", startedAt: date, durationMilliseconds: duration)
    }

    @Test(arguments: StoreBackend.all) func recordsOfEveryKindRoundTrip(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let now = ago(0)
            let records = [
                UsageRecord(kind: .toolCall, tool: "get_document", principal: "ada", startedAt: now, durationMilliseconds: 2.25,
                            outcome: .error, errorCode: -32001),
                UsageRecord(kind: .search, tool: "search_documents", principal: "ada", startedAt: now, durationMilliseconds: 7,
                            searchType: "text", filterShape: ["status eq", "custom_metadata.team name in"], resultCount: 3),
                UsageRecord(kind: .languageModel, tool: "generate_tags", principal: "bob", startedAt: now, durationMilliseconds: 900,
                            provider: "gpt-4o-mini", promptTokens: 120, completionTokens: 30),
            ]
            try await store.appendUsage(records)
            #expect(try await store.usageRecords() == records)
            #expect(try await store.usageRecords(kinds: [.search]) == [records[1]])
            #expect(try await store.usageRecords(kinds: []) == [])
        }
    }

    @Test(arguments: StoreBackend.all) func windowsAreHalfOpenAndOrderedByStart(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let early = ago(600), middle = ago(300), late = ago(10)
            try await store.appendUsage([call("c", at: late), call("a", at: early), call("b", at: middle)])
            #expect(try await store.usageRecords().map(\.tool) == ["a", "b", "c"])
            #expect(try await store.usageRecords(from: middle).map(\.tool) == ["b", "c"])
            #expect(try await store.usageRecords(from: early, to: middle).map(\.tool) == ["a"])
        }
    }

    @Test(arguments: StoreBackend.all) func theRowCapKeepsOnlyTheNewestRecords(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let retention = UsageRetention(maximumRecords: 5)
            for batch in 0..<3 {
                try await store.appendUsage((0..<4).map { call("t\(batch * 4 + $0)", at: ago(100 - Double(batch * 4 + $0))) }, retention: retention)
            }
            let kept = try await store.usageRecords().map(\.tool)
            #expect(kept == ["t7", "t8", "t9", "t10", "t11"])
            #expect(try await store.usageSummary().recordCount == 5)
        }
    }

    @Test(arguments: StoreBackend.all) func recordsOlderThanTheRetentionAgeArePrunedOnWrite(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let retention = UsageRetention(maximumAge: 30 * 86_400)
            // Written with a generous policy, so both survive at first.
            try await store.appendUsage([call("old", at: ago(40 * 86_400)), call("recent", at: ago(86_400))], retention: UsageRetention(maximumAge: 90 * 86_400))
            #expect(try await store.usageSummary().recordCount == 2)
            try await store.appendUsage([call("new", at: ago(0))], retention: retention)
            #expect(try await store.usageRecords().map(\.tool) == ["recent", "new"])
        }
    }

    @Test(arguments: StoreBackend.all) func summaryCoversTheLog(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.usageSummary() == UsageLogSummary(recordCount: 0, oldest: nil, newest: nil))
            let first = ago(50), last = ago(5)
            try await store.appendUsage([call("a", at: last), call("b", at: first)])
            #expect(try await store.usageSummary() == UsageLogSummary(recordCount: 2, oldest: first, newest: last))
        }
    }

    @Test(arguments: StoreBackend.all) func usageNeverMovesTheStoreVersion(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.add(Document(title: "One"))
            let version = try await store.storeVersion()
            try await store.appendUsage([call("a", at: ago(1))])
            #expect(try await store.storeVersion() == version)
            #expect(try await store.changes(after: 0, limit: 100).count == 1)
        }
    }

    @Test func aReadOnlyStoreRefusesUsageRecords() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/store.db"
            _ = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: 4))
            let readOnly = try DocumentStore.open(path: path, options: StoreOptions(readOnly: true))
            let error = await storeError { try await readOnly.appendUsage([call("a", at: ago(0))]) }
            #expect(error == .readOnly(path: path))
        }
    }

    @Test func filterShapesKeepFieldsAndOperatorsButNoValues() throws {
        let filter = try FilterStringParser.parse("status = 'secret' AND (author IN ('Ada', 'Bob') OR NOT created_at > '2025-01-01')")
        #expect(filter.shape == ["status eq", "author in", "created_at gt"])
        let structured = Filter.and([
            .compare(.customMetadata("team name"), .eq, .string("x")),
            .not(.compare(.field(.tags), .any, .list([.string("a")]))),
        ])
        #expect(structured.shape == ["custom_metadata.team name eq", "tags any"])
        #expect(!filter.shape.joined(separator: " ").contains("secret"))
        #expect(!filter.shape.joined(separator: " ").contains("Ada"))
    }
}
