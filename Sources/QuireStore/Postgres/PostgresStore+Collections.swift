import Foundation
import GRDB

/// Collections on PostgreSQL: the transactions of `DocumentStore+Collections` with the same
/// rules, outcomes and change-log entries; inputs arrive checked by ``DocumentStore``.
extension PostgresStore {
    /// Creates a header named `name` (already checked) and adds the initial members.
    func createCollection(
        name: String, description: String?, headerMetadata: [String: String], parent: String?, initialMembers: [String],
        embeddingDimension: Int
    ) async throws -> CollectionCreation {
        try await write { session in
            let now = DocumentStore.now()
            var header = Document(
                uuid: DocumentUUID.generate(), title: name,
                textContent: CollectionHeader.text(name: name, description: description), context: description,
                createdAt: now, updatedAt: now, customMetadata: headerMetadata, recordType: .collectionHeader
            )
            if let parent {
                let parentHeader = try await PostgresCollectionQueries.resolve(parent, in: session)
                header = CollectionWriter.attached(
                    header, to: parentHeader, position: try await PostgresCollectionQueries.nextPosition(in: parentHeader.uuid, in: session)
                )
            }
            try await Self.checkUniqueName(name, parentID: header.collectionID, parentName: header.collection, excluding: nil, in: session)
            try DocumentValidator.validate(header, embeddingDimension: embeddingDimension)
            _ = try await PostgresDocumentCodec.insert(header, in: session)
            try await PostgresChangeLog.append(.created, before: nil, after: header, at: now, in: session)
            let outcome = try await Self.addMembers(initialMembers, to: header, embeddingDimension: embeddingDimension, at: now, in: session)
            return CollectionCreation(header: header, added: outcome.added, failures: outcome.failures)
        }
    }

    /// Renames, redescribes and edits shared metadata (keys already prefixed), then removes and adds members.
    func updateCollection(
        _ reference: String, newName: String?, edit: CollectionEdit, sharedChanges: [(String, String?)], embeddingDimension: Int
    ) async throws -> CollectionUpdate {
        let changes = sharedChanges.map { SharedChange(key: $0.0, value: $0.1) }
        return try await write { session in
            let now = DocumentStore.now()
            let resolved = try await PostgresCollectionQueries.resolve(reference, in: session)
            guard let before = try await PostgresDocumentCodec.fetch(resolved.uuid, columns: .all, in: session) else {
                throw StoreError.collectionNotFound(reference: reference)
            }
            var after = before
            if let newName, newName != before.title {
                try await Self.checkUniqueName(
                    newName, parentID: before.collectionID, parentName: before.collection, excluding: before.uuid, in: session
                )
                after.title = newName
            }
            if let description = edit.description { after.context = description.isEmpty ? nil : description }
            if edit.name != nil || edit.description != nil {
                after.textContent = CollectionHeader.text(name: after.title, description: after.context)
            }
            for change in changes { after.customMetadata[change.key] = change.value }

            let headerChanged = after != before
            var header = before
            if headerChanged {
                try await PostgresCollectionWriter.replace(before, with: after, embeddingDimension: embeddingDimension, at: now, in: session)
                header = try await PostgresDocumentCodec.fetch(before.uuid, columns: .init(content: true, rawData: false), in: session) ?? after
            }
            if header.title != before.title {
                for record in try await PostgresCollectionQueries.linked(to: header.uuid, includeHeaders: true, in: session) {
                    var renamed = record
                    renamed.collection = header.title
                    try await PostgresCollectionWriter.rewriteMembership(
                        from: record, to: renamed, embeddingDimension: embeddingDimension, at: now, in: session
                    )
                }
            }
            let removal = try await Self.removeMembers(edit.removeMembers, from: header, embeddingDimension: embeddingDimension, at: now, in: session)
            let addition = try await Self.addMembers(edit.addMembers, to: header, embeddingDimension: embeddingDimension, at: now, in: session)
            return CollectionUpdate(
                header: header,
                headerChanged: headerChanged,
                added: addition.added,
                removed: removal.removed,
                failures: removal.failures + addition.failures,
                totalMembers: try await PostgresCollectionQueries.memberCount(of: header.uuid, in: session)
            )
        }
    }

    func deleteCollection(_ reference: String, deleteMembers: Bool, recursive: Bool, embeddingDimension: Int) async throws -> CollectionDeletion {
        try await write { session in
            let now = DocumentStore.now()
            let header = try await PostgresCollectionQueries.resolve(reference, in: session)
            let children = try await PostgresCollectionQueries.children(of: header.uuid, in: session)
            if !children.isEmpty && !recursive {
                let names = children.prefix(5).map { "'\($0.title)'" }.joined(separator: ", ")
                throw StoreError.validation(
                    field: "recursive",
                    message: "collection '\(header.title)' has \(children.count) sub-collection(s) (\(names)\(children.count > 5 ? ", …" : "")); "
                        + "pass recursive: true to delete them as well, or delete them first"
                )
            }
            let tree = recursive ? try await PostgresCollectionQueries.subtree(of: header.uuid, in: session) : [header.uuid]
            var deletion = CollectionDeletion(deletedCollections: [], deletedMembers: [], detachedMembers: [])
            for id in tree {
                for member in try await PostgresCollectionQueries.linked(to: id, includeHeaders: false, in: session) {
                    if deleteMembers {
                        try await PostgresCollectionWriter.delete(member, at: now, in: session)
                        deletion.deletedMembers.append(member.uuid)
                    } else {
                        try await PostgresCollectionWriter.rewriteMembership(
                            from: member, to: CollectionWriter.detached(member), embeddingDimension: embeddingDimension, at: now, in: session
                        )
                        deletion.detachedMembers.append(member.uuid)
                    }
                }
            }
            for id in tree {
                guard let subject = try await PostgresCollectionQueries.header(id: id, in: session) else { continue }
                try await PostgresCollectionWriter.delete(subject, at: now, in: session)
                deletion.deletedCollections.append(id)
            }
            return deletion
        }
    }

    func moveDocuments(_ ids: [String], from source: String?, to target: String?, applySharedMetadata: Bool, embeddingDimension: Int) async throws -> DocumentMove {
        try await write { session in
            let now = DocumentStore.now()
            let sourceHeader = try await source.asyncMap { try await PostgresCollectionQueries.resolve($0, in: session) }
            let targetHeader = try await target.asyncMap { try await PostgresCollectionQueries.resolve($0, in: session) }
            let shared = applySharedMetadata ? targetHeader?.sharedMetadata ?? [:] : [:]
            var next = try await targetHeader.asyncMap { try await PostgresCollectionQueries.nextPosition(in: $0.uuid, in: session) } ?? 0
            var move = DocumentMove(source: sourceHeader, target: targetHeader, moved: [], failures: [])
            var seen = Set<String>()
            for raw in ids {
                let document: Document
                switch try await Self.memberCandidate(raw, in: session) {
                case .failure(let problem):
                    move.failures.append(MembershipFailure(documentID: raw, problem: problem))
                    continue
                case .success(let found):
                    document = found
                }
                guard seen.insert(document.uuid).inserted else { continue }
                if let sourceHeader, document.collectionID != sourceHeader.uuid {
                    move.failures.append(MembershipFailure(
                        documentID: raw, problem: .notInCollection(id: sourceHeader.uuid, name: sourceHeader.title)
                    ))
                    continue
                }
                var after: Document
                if let targetHeader {
                    let position: Int
                    if document.collectionID == targetHeader.uuid, let current = document.position {
                        position = current
                    } else {
                        position = next
                        next += 1
                    }
                    after = CollectionWriter.attached(document, to: targetHeader, position: position)
                    for (key, value) in shared { after.customMetadata[key] = value }
                } else {
                    after = CollectionWriter.detached(document)
                }
                try await PostgresCollectionWriter.rewriteMembership(
                    from: document, to: after, embeddingDimension: embeddingDimension, at: now, in: session
                )
                move.moved.append(document.uuid)
            }
            return move
        }
    }

    /// Adds prepared documents at the end of a collection, all or nothing.
    func add(_ prepared: [Document], toCollection reference: String, at now: Date, embeddingDimension: Int) async throws -> [Document] {
        try await write { session in
            let header = try await PostgresCollectionQueries.resolve(reference, in: session)
            let first = try await PostgresCollectionQueries.nextPosition(in: header.uuid, in: session)
            let placed = prepared.enumerated().map { offset, document in
                CollectionWriter.attached(document, to: header, position: first + offset)
            }
            for document in placed { try DocumentValidator.validate(document, embeddingDimension: embeddingDimension) }
            try await Self.insertPrepared(placed, at: now, in: session)
            return placed
        }
    }

    // MARK: Reads

    func collection(matching reference: String) async throws -> Document? {
        try await read { session in
            do {
                return try await PostgresCollectionQueries.resolve(reference, in: session)
            } catch StoreError.collectionNotFound {
                return nil
            }
        }
    }

    func collections(
        parent: String?, includeEmpty: Bool, sort: CollectionSort, limit: Int, offset: Int, includeStatistics: Bool
    ) async throws -> CollectionPage {
        try await read { session in
            var condition = "d.record_type = 'collection_header'"
            var arguments: [DatabaseValue] = []
            if let parent {
                condition += " AND d.collection_id = ?"
                arguments.append(try await PostgresCollectionQueries.resolve(parent, in: session).uuid.databaseValue)
            }
            let columns = PostgresDocumentCodec.selectList(.init(content: false, rawData: false))
            let counted = "(SELECT count(*) FROM documents m WHERE m.collection_id = d.uuid AND m.\(CollectionQueries.isMember))"
            var matching = "SELECT \(columns), \(counted) AS member_count FROM documents d WHERE \(condition)"
            if !includeEmpty { matching = "SELECT * FROM (\(matching)) AS listed WHERE member_count > 0" }
            let order = switch sort {
            case .name: "title, uuid"
            case .createdAt: "created_at DESC, uuid"
            case .memberCount: "member_count DESC, title, uuid"
            }
            let total = try await session.scalar(Int64.self, "SELECT count(*) FROM (\(matching)) AS counted", arguments) ?? 0
            let rows = try await session.rows(
                "SELECT * FROM (\(matching)) AS page ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments + [limit.databaseValue, offset.databaseValue]
            )
            var summaries: [CollectionSummary] = []
            for row in rows {
                summaries.append(try await PostgresCollectionQueries.summary(
                    of: try PostgresDocumentCodec.decode(row), withStatistics: includeStatistics, in: session
                ))
            }
            return CollectionPage(collections: summaries, totalCount: Int(total))
        }
    }

    func collectionReport(_ reference: String, includeSubcollections: Bool, memberLimit: Int) async throws -> CollectionReport {
        try await read { session in
            let header = try await PostgresCollectionQueries.resolve(reference, in: session)
            let statistics = try await PostgresCollectionQueries.statistics(
                of: header.uuid, includeSubcollections: includeSubcollections, in: session
            )
            let summary = try await PostgresCollectionQueries.summary(of: header, withStatistics: false, in: session)
            var subcollections: [CollectionSummary] = []
            if includeSubcollections {
                for child in try await PostgresCollectionQueries.children(of: header.uuid, in: session) {
                    subcollections.append(try await PostgresCollectionQueries.summary(of: child, withStatistics: false, in: session))
                }
            }
            let members = memberLimit > 0 ? try await PostgresCollectionQueries.members(of: header.uuid, limit: memberLimit, in: session) : []
            return CollectionReport(collection: summary, statistics: statistics, subcollections: subcollections, members: members)
        }
    }

    func collectionIDs(from lower: String, below upper: String, limit: Int) async throws -> [String] {
        try await read { session in
            try await session.rows(
                """
                SELECT uuid FROM documents
                WHERE uuid >= ? AND uuid < ? AND record_type = 'collection_header' ORDER BY uuid LIMIT ?
                """,
                [lower.databaseValue, upper.databaseValue, limit.databaseValue]
            ).map { try $0.value("uuid") }
        }
    }

    // MARK: Helpers

    /// One shared-metadata edit (`nil` removes the key).
    private struct SharedChange: Sendable {
        var key: String
        var value: String?
    }

    private static func checkUniqueName(
        _ name: String, parentID: String?, parentName: String?, excluding: String?, in session: PostgresSession
    ) async throws {
        guard let existing = try await PostgresCollectionQueries.sibling(named: name, parentID: parentID, excluding: excluding, in: session) else {
            return
        }
        let place = parentID == nil ? "at the top level" : "in '\(parentName ?? parentID ?? "")'"
        throw StoreError.validation(
            field: "name",
            message: "a collection named '\(name)' already exists \(place) (\(existing)); names are unique among siblings"
        )
    }

    private enum MemberCandidate {
        case success(Document)
        case failure(MembershipProblem)
    }

    private static func memberCandidate(_ raw: String, in session: PostgresSession) async throws -> MemberCandidate {
        guard let id = DocumentUUID.normalized(raw) else { return .failure(.invalidUUID) }
        guard let document = try await PostgresDocumentCodec.fetch(id, columns: .init(content: true, rawData: false), in: session) else {
            return .failure(.notFound)
        }
        guard document.recordType != .collectionHeader else { return .failure(.isCollection) }
        return .success(document)
    }

    private static func addMembers(
        _ ids: [String], to header: Document, embeddingDimension: Int, at now: Date, in session: PostgresSession
    ) async throws -> (added: [String], failures: [MembershipFailure]) {
        var added: [String] = []
        var failures: [MembershipFailure] = []
        var next = ids.isEmpty ? 0 : try await PostgresCollectionQueries.nextPosition(in: header.uuid, in: session)
        for raw in ids {
            let document: Document
            switch try await memberCandidate(raw, in: session) {
            case .failure(let problem):
                failures.append(MembershipFailure(documentID: raw, problem: problem))
                continue
            case .success(let found):
                document = found
            }
            if document.collectionID == header.uuid {
                let position = document.position ?? next
                if document.position == nil { next += 1 }
                try await PostgresCollectionWriter.rewriteMembership(
                    from: document, to: CollectionWriter.attached(document, to: header, position: position),
                    embeddingDimension: embeddingDimension, at: now, in: session
                )
                continue
            }
            if let other = document.collectionID,
               let current = try await PostgresCollectionQueries.header(id: DocumentUUID.normalized(other) ?? other, in: session) {
                failures.append(MembershipFailure(documentID: raw, problem: .inAnotherCollection(id: current.uuid, name: current.title)))
                continue
            }
            try await PostgresCollectionWriter.rewriteMembership(
                from: document, to: CollectionWriter.attached(document, to: header, position: next),
                embeddingDimension: embeddingDimension, at: now, in: session
            )
            next += 1
            added.append(document.uuid)
        }
        return (added, failures)
    }

    private static func removeMembers(
        _ ids: [String], from header: Document, embeddingDimension: Int, at now: Date, in session: PostgresSession
    ) async throws -> (removed: [String], failures: [MembershipFailure]) {
        var removed: [String] = []
        var failures: [MembershipFailure] = []
        for raw in ids {
            switch try await memberCandidate(raw, in: session) {
            case .failure(let problem):
                failures.append(MembershipFailure(documentID: raw, problem: problem))
            case .success(let document) where document.collectionID != header.uuid:
                failures.append(MembershipFailure(documentID: raw, problem: .notInCollection(id: header.uuid, name: header.title)))
            case .success(let document):
                try await PostgresCollectionWriter.rewriteMembership(
                    from: document, to: CollectionWriter.detached(document), embeddingDimension: embeddingDimension, at: now, in: session
                )
                removed.append(document.uuid)
            }
        }
        return (removed, failures)
    }
}
