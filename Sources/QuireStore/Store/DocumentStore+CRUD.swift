import Foundation
import GRDB

extension DocumentStore {
    /// Adds one document and returns it as stored.
    ///
    /// An empty ``Document/uuid`` gets a generated one; any other is lower-cased. ``Document/createdAt``
    /// is kept (at millisecond precision) so imports can carry their dates; ``Document/updatedAt`` is
    /// set to now.
    ///
    /// - Throws: ``StoreError/validation(field:message:)`` naming the offending field,
    ///   ``StoreError/embeddingDimensionMismatch(expected:got:)``, ``StoreError/duplicate(uuid:)``.
    @discardableResult
    public func add(_ document: Document) async throws -> Document {
        let added = try await add([document])
        guard let first = added.first else {
            throw StoreError.database(message: "adding \(document.title) returned nothing")
        }
        return first
    }

    /// Adds documents all-or-nothing: when any is invalid or a duplicate, none is added.
    ///
    /// - Returns: The documents as stored, in input order.
    /// - Throws: As the single-document `add`; for a batch, a validation message says which document failed.
    @discardableResult
    public func add(_ documents: [Document]) async throws -> [Document] {
        guard !documents.isEmpty else { return [] }
        let now = Self.now()
        let batch = try prepareForAdd(documents, now: now)
        if let postgres { return try await postgres.insert(batch, at: now) }
        return try await write { db in
            try Self.insertPrepared(batch, at: now, in: db)
            return batch
        }
    }

    /// `documents` with uuids assigned or normalized, timestamps set and every rule checked.
    func prepareForAdd(_ documents: [Document], now: Date) throws -> [Document] {
        var prepared: [Document] = []
        prepared.reserveCapacity(documents.count)
        var seen = Set<String>()
        for (index, original) in documents.enumerated() {
            do {
                var document = original
                document.uuid = document.uuid.isEmpty ? DocumentUUID.generate() : try DocumentUUID.require(document.uuid)
                document.createdAt = Timestamp.truncatedToMilliseconds(document.createdAt)
                document.updatedAt = now
                try DocumentValidator.validate(document, embeddingDimension: embeddingDimension)
                guard seen.insert(document.uuid).inserted else { throw StoreError.duplicate(uuid: document.uuid) }
                prepared.append(document)
            } catch {
                throw documents.count == 1 ? error : Self.locate(error, index: index)
            }
        }
        return prepared
    }

    /// Inserts documents from ``prepareForAdd(_:now:)``, logging each; call inside a write transaction.
    static func insertPrepared(_ batch: [Document], at now: Date, in db: Database) throws {
        try BatchInsert.insert(batch, at: now, in: db)
    }

    /// The document with `uuid` (any case), or `nil` when there is none.
    ///
    /// - Parameters:
    ///   - uuid: The document's uuid, in any case.
    ///   - includeRawData: Load ``Document/rawData`` too; it can be large, so it is off by default.
    /// - Throws: ``StoreError/validation(field:message:)`` when `uuid` is not a UUID.
    public func get(uuid: String, includeRawData: Bool = false) async throws -> Document? {
        let id = try DocumentUUID.require(uuid)
        if let postgres { return try await postgres.document(id, columns: .init(content: true, rawData: includeRawData)) }
        return try await read { db in
            try Self.fetchDocument(id, columns: .init(content: true, rawData: includeRawData), in: db)
        }
    }

    /// Changes a document in one read-modify-write transaction and returns it as stored.
    ///
    /// `mutate` gets the current document (raw data included). It may change anything except
    /// ``Document/uuid`` and ``Document/createdAt``; ``Document/updatedAt`` is set by the store to now
    /// (or 1 ms past the previous value, so every update moves it forward). If `mutate` throws,
    /// nothing changes and its error is rethrown as is.
    ///
    /// - Throws: ``StoreError/notFound(uuid:)``, ``StoreError/validation(field:message:)`` (including an
    ///   attempt to change `uuid` or `created_at`), ``StoreError/embeddingDimensionMismatch(expected:got:)``.
    @discardableResult
    public func update(uuid: String, _ mutate: @Sendable (inout Document) throws -> Void) async throws -> Document {
        let id = try DocumentUUID.require(uuid)
        let dimension = embeddingDimension
        if let postgres {
            // The closure runs inside this call only; the backend's lease race needs it escaping.
            return try await withoutActuallyEscaping(mutate) { try await postgres.update(id, embeddingDimension: dimension, $0) }
        }
        return try await write { db in
            guard let before = try Self.fetchDocument(id, columns: .all, in: db) else {
                throw StoreError.notFound(uuid: id)
            }
            let now = Self.now()
            let after = try DocumentUpdateRules.apply(mutate, to: before, now: now, embeddingDimension: dimension)
            try DocumentRowCodec.update(after, in: db)
            try RelationshipIndex.rewrite(for: after, in: db)
            try ChangeLog.append(.updated, before: before, after: after, at: now, in: db)
            return after
        }
    }

    /// Deletes the document with `uuid`.
    ///
    /// - Returns: Whether a document was deleted.
    @discardableResult
    public func delete(uuid: String) async throws -> Bool {
        try await delete(uuids: [uuid]) == 1
    }

    /// Deletes the documents with these uuids in one transaction; unknown uuids are skipped.
    ///
    /// - Returns: How many documents were deleted.
    /// - Throws: ``StoreError/validation(field:message:)`` when any uuid is malformed (then nothing is deleted).
    @discardableResult
    public func delete(uuids: [String]) async throws -> Int {
        var ids: [String] = []
        var seen = Set<String>()
        for uuid in uuids {
            let id = try DocumentUUID.require(uuid)
            if seen.insert(id).inserted { ids.append(id) }
        }
        guard !ids.isEmpty else { return 0 }
        let batch = ids
        if let postgres { return try await postgres.delete(batch).count }
        return try await write { db in
            let now = Self.now()
            var deleted = 0
            for id in batch {
                guard let before = try Self.fetchDocument(id, columns: .init(content: true, rawData: false), in: db) else {
                    continue
                }
                try RelationshipIndex.remove(sourceUUID: id, in: db)
                try db.execute(sql: "DELETE FROM documents WHERE uuid = ?", arguments: [id])
                try ChangeLog.append(.deleted, before: before, after: nil, at: now, in: db)
                deleted += 1
            }
            return deleted
        }
    }

    /// The document with the normalized `uuid`, loading the given optional columns.
    static func fetchDocument(_ uuid: String, columns: DocumentRowCodec.Columns, in db: Database) throws -> Document? {
        // Cached: compiling this 27-column statement (and authorizing each column) cost more
        // than running it, on every get_document.
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(DocumentRowCodec.selectList(columns)) FROM documents d WHERE d.uuid = ?"),
            arguments: [uuid]
        )
        return try row.map(DocumentRowCodec.decode)
    }

    /// `error` with the batch index added to a validation message, so the caller knows which document failed.
    private static func locate(_ error: any Error, index: Int) -> any Error {
        switch error {
        case let StoreError.validation(field, message):
            return StoreError.validation(field: field, message: "\(message) (document at index \(index))")
        default:
            return error
        }
    }
}
