import GRDB

extension DocumentStore {
    /// Deletes the documents with these uuids in one transaction and says which ones were there.
    ///
    /// Like ``delete(uuids:)``, but a batch caller can report every uuid's outcome exactly.
    /// - Returns: The normalized uuids that were deleted, in input order; unknown uuids are absent.
    /// - Throws: ``StoreError/validation(field:message:)`` when any uuid is malformed (then nothing is deleted).
    public func deleteReturningUUIDs(_ uuids: [String]) async throws -> [String] {
        var ids: [String] = []
        var seen = Set<String>()
        for uuid in uuids {
            let id = try DocumentUUID.require(uuid)
            if seen.insert(id).inserted { ids.append(id) }
        }
        guard !ids.isEmpty else { return [] }
        let batch = ids
        return try await write { db in
            let now = Self.now()
            var deleted: [String] = []
            for id in batch {
                guard let before = try Self.fetchDocument(id, columns: .init(content: true, rawData: false), in: db) else {
                    continue
                }
                try RelationshipIndex.remove(sourceUUID: id, in: db)
                try db.execute(sql: "DELETE FROM documents WHERE uuid = ?", arguments: [id])
                try ChangeLog.append(.deleted, before: before, after: nil, at: now, in: db)
                deleted.append(id)
            }
            return deleted
        }
    }
}

extension DocumentStore {
    /// `text` as the store spells a uuid (lower-case), or `nil` when it is not a UUID; lets batch
    /// callers report a malformed id as that item's failure instead of failing the whole batch.
    public static func normalizedUUID(_ text: String) -> String? {
        DocumentUUID.normalized(text)
    }
}
