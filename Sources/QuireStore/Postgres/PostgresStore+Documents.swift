import Foundation
import GRDB

/// Adding, reading, updating and deleting documents on PostgreSQL; inputs arrive checked by
/// ``DocumentStore`` (see its methods for the contract).
extension PostgresStore {
    /// Inserts prepared documents with their relationship rows and change-log entries, all or nothing.
    func insert(_ batch: [Document], at now: Date) async throws -> [Document] {
        try await write { session in
            try await Self.insertPrepared(batch, at: now, in: session)
            return batch
        }
    }

    /// Inserts prepared documents inside the caller's write transaction; a uuid already stored fails the batch.
    static func insertPrepared(_ batch: [Document], at now: Date, in session: PostgresSession) async throws {
        let existing = try await session.rows(
            "SELECT uuid FROM documents WHERE uuid = ANY(string_to_array(?, ','))",
            [batch.map(\.uuid).joined(separator: ",").databaseValue]
        )
        let taken = Set(try existing.map { try $0.value("uuid", as: String.self) })
        if let first = batch.first(where: { taken.contains($0.uuid) }) {
            throw StoreError.duplicate(uuid: first.uuid)
        }
        for document in batch {
            _ = try await PostgresDocumentCodec.insert(document, in: session)
            try await PostgresChangeLog.insertRelationships(for: document, in: session)
            try await PostgresChangeLog.append(.created, before: nil, after: document, at: now, in: session)
        }
    }

    /// The document with the normalized `uuid`, or `nil`.
    func document(_ uuid: String, columns: DocumentRowCodec.Columns) async throws -> Document? {
        try await read { session in try await PostgresDocumentCodec.fetch(uuid, columns: columns, in: session) }
    }

    /// Read-modify-write of one document under the write lock (see ``DocumentUpdateRules``).
    func update(
        _ uuid: String, embeddingDimension: Int, _ mutate: @escaping @Sendable (inout Document) throws -> Void
    ) async throws -> Document {
        try await write { session in
            guard let before = try await PostgresDocumentCodec.fetch(uuid, columns: .all, in: session) else {
                throw StoreError.notFound(uuid: uuid)
            }
            let now = DocumentStore.now()
            let after = try DocumentUpdateRules.apply(mutate, to: before, now: now, embeddingDimension: embeddingDimension)
            try await PostgresDocumentCodec.update(after, in: session)
            try await PostgresChangeLog.rewriteRelationships(for: after, in: session)
            try await PostgresChangeLog.append(.updated, before: before, after: after, at: now, in: session)
            return after
        }
    }

    /// Deletes the documents with these normalized uuids; returns those that existed, in order.
    func delete(_ uuids: [String]) async throws -> [String] {
        try await write { session in
            let now = DocumentStore.now()
            var deleted: [String] = []
            for uuid in uuids {
                guard let before = try await PostgresDocumentCodec.fetch(uuid, columns: .init(content: true, rawData: false), in: session) else {
                    continue
                }
                // Relationship rows go with the document (ON DELETE CASCADE).
                try await session.execute("DELETE FROM documents WHERE uuid = ?", [uuid.databaseValue])
                try await PostgresChangeLog.append(.deleted, before: before, after: nil, at: now, in: session)
                deleted.append(uuid)
            }
            return deleted
        }
    }
}
