import GRDB

extension DocumentStore {
    /// The largest page ``list(filter:orderBy:limit:offset:includeContent:)`` returns.
    public static let maximumPageSize = 10_000

    /// A page of documents matching `filter`, plus how many match in all.
    ///
    /// - Parameters:
    ///   - filter: Only documents matching it; `nil` for all.
    ///   - orderBy: Sort keys, first most significant; empty means `created_at` then `uuid`.
    ///     `uuid` always breaks remaining ties so pages are stable.
    ///   - limit: Page size, 0…``maximumPageSize``.
    ///   - offset: Documents to skip, at least 0.
    ///   - includeContent: Load ``Document/textContent``; off saves reading large texts.
    /// - Throws: ``StoreError/filter(_:)`` for an invalid filter or sort key,
    ///   ``StoreError/validation(field:message:)`` for a bad limit or offset.
    public func list(
        filter: Filter? = nil,
        orderBy: [SortKey] = [],
        limit: Int,
        offset: Int,
        includeContent: Bool = true
    ) async throws -> (documents: [Document], totalCount: Int) {
        try Self.checkPage(limit: limit, offset: offset)
        let condition = try compile(filter)
        let order = try Self.orderClause(orderBy)
        if let postgres {
            return try await postgres.list(condition: condition, orderBy: orderBy, limit: limit, offset: offset, includeContent: includeContent)
        }
        let columns = DocumentRowCodec.selectList(.init(content: includeContent, rawData: false))
        return try await read { db in
            let total = try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM documents d WHERE \(condition.sql)",
                arguments: StatementArguments(condition.arguments)
            ) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(columns) FROM documents d WHERE \(condition.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: StatementArguments(condition.arguments + [limit.databaseValue, offset.databaseValue])
            )
            return (try rows.map(DocumentRowCodec.decode), total)
        }
    }

    /// How many documents match `filter` (all of them for `nil`).
    ///
    /// - Throws: ``StoreError/filter(_:)`` for an invalid filter.
    public func count(filter: Filter? = nil) async throws -> Int {
        let condition = try compile(filter)
        if let postgres { return try await postgres.count(condition: condition) }
        return try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM documents d WHERE \(condition.sql)",
                arguments: StatementArguments(condition.arguments)
            ) ?? 0
        }
    }

    /// The store version: the sequence number of the last change, 0 for a store never written.
    public func storeVersion() async throws -> Int {
        if let postgres { return try await postgres.version() }
        return try await read { db in try ChangeLog.version(in: db) }
    }

    /// Figures about the store, read in one consistent snapshot.
    public func info() async throws -> StoreInfo {
        let path = self.path
        let dimension = embeddingDimension
        if let postgres { return try await postgres.info(embeddingDimension: dimension) }
        return try await read { db in
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS total,
                           count(vector) AS embedded,
                           coalesce(avg(coalesce(length(text_content), 0)), 0) AS average_length
                    FROM documents
                    """
            )
            var recordTypes: [RecordType: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT record_type, count(*) AS n FROM documents GROUP BY record_type") {
                let name: String = try row.decode(forColumn: "record_type")
                if let type = RecordType(rawValue: name) {
                    recordTypes[type] = try row.decode(forColumn: "n")
                }
            }
            return StoreInfo(
                path: path,
                totalDocuments: try totals?.decode(forColumn: "total") ?? 0,
                version: try ChangeLog.version(in: db),
                embeddingDimension: dimension,
                recordTypeCounts: recordTypes,
                documentsWithEmbeddings: try totals?.decode(forColumn: "embedded") ?? 0,
                averageContentLength: try totals?.decode(forColumn: "average_length") ?? 0
            )
        }
    }

    /// The uuids starting with `prefix` (any case), in order, at most `limit`; for completing uuids.
    ///
    /// Uses the uuid index as a range scan, so it stays fast on large stores.
    /// - Throws: ``StoreError/validation(field:message:)`` for a limit outside 0…``maximumPageSize``.
    public func uuids(withPrefix prefix: String, limit: Int) async throws -> [String] {
        try Self.checkPage(limit: limit, offset: 0)
        let lower = prefix.lowercased()
        // Every uuid is ASCII, so the prefix followed by the highest code point bounds the range.
        let upper = lower + "\u{10FFFF}"
        if let postgres { return try await postgres.uuids(from: lower, below: upper, limit: limit) }
        return try await read { db in
            try String.fetchAll(
                db,
                sql: "SELECT uuid FROM documents WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?",
                arguments: [lower, upper, limit]
            )
        }
    }

    /// Change-log entries after `seq`, oldest first.
    ///
    /// - Parameters:
    ///   - seq: Return entries with a larger sequence number; 0 for all.
    ///   - limit: At most this many, 0…``maximumPageSize``.
    public func changes(after seq: Int, limit: Int) async throws -> [Change] {
        try Self.checkPage(limit: limit, offset: 0)
        if let postgres { return try await postgres.changes(after: seq, limit: limit) }
        return try await read { db in try ChangeLog.entries(after: seq, limit: limit, in: db) }
    }

    /// Every relationship whose target id, uri, path or cid equals `target` (a uuid in any case
    /// finds links written in any case), ordered by source uuid and position in its list.
    public func relationships(targeting target: String) async throws -> [RelationshipLink] {
        if let postgres { return try await postgres.relationships(targeting: target) }
        return try await read { db in try RelationshipIndex.links(targeting: target, in: db) }
    }

    static func checkPage(limit: Int, offset: Int) throws(StoreError) {
        guard (0...maximumPageSize).contains(limit) else {
            throw StoreError.validation(field: "limit", message: "\(limit) is out of range; use 0…\(maximumPageSize)")
        }
        guard offset >= 0 else {
            throw StoreError.validation(field: "offset", message: "\(offset) is negative")
        }
    }

    /// The ORDER BY clause: the keys, then `uuid` for a total order. Column names come from
    /// ``DocumentField``, never from user text.
    static func orderClause(_ keys: [SortKey]) throws(StoreError) -> String {
        let keys = keys.isEmpty ? [SortKey(field: .createdAt)] : keys
        var terms: [String] = []
        for key in keys {
            do {
                try key.validate()
            } catch {
                throw StoreError.filter(error)
            }
            terms.append("d.\(key.field.column)" + (key.descending ? " DESC" : " ASC"))
        }
        if !keys.contains(where: { $0.field == .uuid }) { terms.append("d.uuid ASC") }
        return terms.joined(separator: ", ")
    }
}
