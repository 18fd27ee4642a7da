import Foundation
import MCP
import QuireStore

/// The usage log's entries for one window, split by kind, with the counting every report needs.
struct UsageReport: Sendable {
    let window: TimeWindow
    /// Finished tool calls.
    let calls: [UsageRecord]
    /// Search details.
    let searches: [UsageRecord]
    /// Language-model exchanges.
    let languageModel: [UsageRecord]

    init(window: TimeWindow, records: [UsageRecord]) {
        self.window = window
        calls = records.filter { $0.kind == .toolCall }
        searches = records.filter { $0.kind == .search }
        languageModel = records.filter { $0.kind == .languageModel }
    }

    /// Flushes the recorder so every finished call is in the store, then reads the window.
    static func load(_ recorder: UsageRecorder, store: DocumentStore, window: TimeWindow) async throws -> UsageReport {
        await recorder.flush()
        let records = try await storeCall { try await store.usageRecords(from: window.start, to: window.end) }
        return UsageReport(window: window, records: records)
    }

    var isEmpty: Bool { calls.isEmpty && searches.isEmpty && languageModel.isEmpty }

    /// How many records share each key, as a JSON object.
    static func counts(_ records: [UsageRecord], by key: (UsageRecord) -> String?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for record in records {
            if let name = key(record) { counts[name, default: 0] += 1 }
        }
        return counts
    }

    /// Records grouped by key.
    static func groups(_ records: [UsageRecord], by key: (UsageRecord) -> String?) -> [String: [UsageRecord]] {
        var groups: [String: [UsageRecord]] = [:]
        for record in records {
            if let name = key(record) { groups[name, default: []].append(record) }
        }
        return groups
    }

    /// `[{time, count, errors}]` per bucket holding at least one record, oldest first.
    static func timeSeries(_ records: [UsageRecord], bucket: TimeBucket) -> [(start: Date, count: Int, errors: Int)] {
        var buckets: [Date: (count: Int, errors: Int)] = [:]
        for record in records {
            let start = bucket.start(of: record.startedAt)
            var entry = buckets[start] ?? (0, 0)
            entry.count += 1
            if record.outcome == .error { entry.errors += 1 }
            buckets[start] = entry
        }
        return buckets.keys.sorted().map { start in
            let entry = buckets[start] ?? (0, 0)
            return (start, entry.count, entry.errors)
        }
    }

    /// The field names a search filtered on, each once per search (from `field op` shapes).
    static func filterFields(_ search: UsageRecord) -> Set<String> {
        Set(search.filterShape.map { ShapeEntry($0).field })
    }

    static func json(_ counts: [String: Int]) -> JSONValue {
        .object(counts.mapValues { .int($0) })
    }

    /// The share of `part` in `whole`, 0 when `whole` is 0.
    static func rate(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }
}

/// One `field op` entry of a recorded filter shape.
struct ShapeEntry: Sendable, Hashable {
    let field: String
    let op: String

    init(_ text: String) {
        // Operators never contain spaces; custom_metadata keys may, so split at the last one.
        if let space = text.lastIndex(of: " ") {
            field = String(text[..<space])
            op = String(text[text.index(after: space)...])
        } else {
            field = text
            op = "eq"
        }
    }
}
