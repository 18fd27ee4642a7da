import Foundation
import GRDB

/// Appends to and reads the `changes` table.
enum ChangeLog {
    /// Records one change; call inside the transaction that makes it.
    static func append(
        _ type: ChangeType,
        before: Document?,
        after: Document?,
        at timestamp: Date,
        in db: Database
    ) throws {
        guard let subject = after ?? before else { return }
        let resourceType: ChangeResourceType = subject.recordType == .collectionHeader ? .collection : .document
        try db.cachedStatement(sql: """
            INSERT INTO changes (timestamp, type, resource_type, resource_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                Timestamp.format(timestamp), type.rawValue, resourceType.rawValue, subject.uuid,
                try before.map(DocumentJSON.snapshot), try after.map(DocumentJSON.snapshot),
            ])
    }

    /// The store version: the last sequence number ever issued, 0 before the first write.
    ///
    /// Read from `sqlite_sequence` rather than `max(seq)` so pruning old entries never lowers it.
    static func version(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'changes'") ?? 0
    }

    /// Entries with `seq` greater than `after`, oldest first, at most `limit`.
    static func entries(after: Int, limit: Int, in db: Database) throws -> [Change] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT seq, timestamp, type, resource_type, resource_id, before, after
                FROM changes WHERE seq > ? ORDER BY seq LIMIT ?
                """,
            arguments: [after, limit]
        )
        return try rows.map { row in
            let seq: Int = try row.decode(forColumn: "seq")
            let timestampText: String = try row.decode(forColumn: "timestamp")
            let typeText: String = try row.decode(forColumn: "type")
            let resourceText: String = try row.decode(forColumn: "resource_type")
            guard let timestamp = Timestamp.parse(timestampText),
                  let type = ChangeType(rawValue: typeText),
                  let resourceType = ChangeResourceType(rawValue: resourceText)
            else {
                throw StoreError.database(message: "change \(seq) is malformed")
            }
            return Change(
                seq: seq,
                timestamp: timestamp,
                type: type,
                resourceType: resourceType,
                resourceID: try row.decode(forColumn: "resource_id"),
                before: try row.decode(forColumn: "before"),
                after: try row.decode(forColumn: "after")
            )
        }
    }
}
