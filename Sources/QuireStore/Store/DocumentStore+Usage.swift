import Foundation
import GRDB

extension DocumentStore {
    /// Appends usage records in one transaction and prunes the log to `retention`.
    ///
    /// The usage log is separate from documents: appending never changes the store version.
    /// - Throws: ``StoreError/readOnly(path:)`` on a read-only store, ``StoreError/database(message:)``.
    public func appendUsage(_ records: [UsageRecord], retention: UsageRetention = UsageRetention()) async throws {
        guard !records.isEmpty else { return }
        let now = Date()
        if let postgres { return try await postgres.appendUsage(records, retention: retention, now: now) }
        try await write { db in try UsageLog.append(records, retention: retention, now: now, in: db) }
    }

    /// Usage records that started in `from..<to` (either end open when `nil`), oldest first.
    ///
    /// - Parameters:
    ///   - from: The earliest start included; `nil` for no lower bound.
    ///   - to: The start before which records end; `nil` for no upper bound.
    ///   - kinds: Which kinds to return; all by default.
    public func usageRecords(
        from: Date? = nil,
        to: Date? = nil,
        kinds: Set<UsageRecord.Kind> = Set(UsageRecord.Kind.allCases)
    ) async throws -> [UsageRecord] {
        if let postgres { return try await postgres.usageRecords(from: from, to: to, kinds: kinds) }
        return try await read { db in try UsageLog.records(from: from, to: to, kinds: kinds, in: db) }
    }

    /// How many usage records there are and the span they cover.
    public func usageSummary() async throws -> UsageLogSummary {
        if let postgres { return try await postgres.usageSummary() }
        return try await read { db in try UsageLog.summary(in: db) }
    }
}
