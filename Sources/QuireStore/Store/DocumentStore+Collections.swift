import Foundation
import GRDB

/// Collections (see ``CollectionHeader`` for the one convention). Every change below runs in one
/// transaction with one change-log entry per record written: header changes are logged as
/// `collection` changes, membership changes as `document` updates. Collection parameters accept
/// a collection's uuid or its name.
extension DocumentStore {
    /// The largest number of members ``collectionReport(_:includeSubcollections:memberLimit:)`` lists.
    public static let maximumReportedMembers = 1000

    // MARK: Writes

    /// Creates a collection header, under a parent when one is named, and adds the initial members.
    ///
    /// An initial member that does not exist, is a collection or is already in another collection
    /// is reported in ``CollectionCreation/failures``; the others join, at the end, in request order.
    ///
    /// - Throws: ``StoreError/collectionNotFound(reference:)`` for an unknown parent;
    ///   ``StoreError/validation(field:message:)`` for a blank name, a name a sibling already has,
    ///   an empty shared-metadata key or an ambiguous parent name. Nothing is written then.
    public func createCollection(_ request: NewCollection) async throws -> CollectionCreation {
        let name = try Self.collectionName(request.name)
        let description = request.description.flatMap { $0.isEmpty ? nil : $0 }
        var custom: [String: String] = [:]
        for (key, value) in request.sharedMetadata {
            custom[try Self.sharedKey(key)] = value
        }
        if let template = request.template { custom[CollectionHeader.templateKey] = template }
        let headerMetadata = custom
        let dimension = embeddingDimension
        if let postgres {
            return try await postgres.createCollection(
                name: name, description: description, headerMetadata: headerMetadata, parent: request.parent,
                initialMembers: request.initialMembers, embeddingDimension: dimension
            )
        }
        return try await write { db in
            let now = Self.now()
            var header = Document(
                uuid: DocumentUUID.generate(), title: name,
                textContent: CollectionHeader.text(name: name, description: description), context: description,
                createdAt: now, updatedAt: now, customMetadata: headerMetadata, recordType: .collectionHeader
            )
            if let parentReference = request.parent {
                let parent = try CollectionQueries.resolve(parentReference, in: db)
                header = CollectionWriter.attached(header, to: parent, position: try CollectionQueries.nextPosition(in: parent.uuid, in: db))
            }
            try Self.checkUniqueName(name, parentID: header.collectionID, parentName: header.collection, excluding: nil, in: db)
            try DocumentValidator.validate(header, embeddingDimension: dimension)
            try DocumentRowCodec.insert(header, into: db)
            try ChangeLog.append(.created, before: nil, after: header, at: now, in: db)
            let outcome = try Self.addMembers(request.initialMembers, to: header, embeddingDimension: dimension, at: now, in: db)
            return CollectionCreation(header: header, added: outcome.added, failures: outcome.failures)
        }
    }

    /// Renames, redescribes and changes the shared metadata of a collection, then removes and adds members.
    ///
    /// A rename rewrites `collection` in every member and sub-collection header. Records that cannot
    /// leave (not members) or join (missing, collections, members of another collection) are
    /// reported in ``CollectionUpdate/failures``; a record already in this collection is left as is.
    ///
    /// - Throws: ``StoreError/collectionNotFound(reference:)``; ``StoreError/validation(field:message:)``
    ///   for a blank name, a name a sibling already has, or an empty shared-metadata key.
    public func updateCollection(_ reference: String, _ edit: CollectionEdit) async throws -> CollectionUpdate {
        let newName = try edit.name.map(Self.collectionName)
        var sharedChanges: [(String, String?)] = []
        for (key, value) in edit.sharedMetadata.sorted(by: { $0.key < $1.key }) {
            sharedChanges.append((try Self.sharedKey(key), value))
        }
        let changes = sharedChanges
        let dimension = embeddingDimension
        if let postgres {
            return try await postgres.updateCollection(reference, newName: newName, edit: edit, sharedChanges: changes, embeddingDimension: dimension)
        }
        return try await write { db in
            let now = Self.now()
            let resolved = try CollectionQueries.resolve(reference, in: db)
            guard let before = try Self.fetchDocument(resolved.uuid, columns: .all, in: db) else {
                throw StoreError.collectionNotFound(reference: reference)
            }
            var after = before
            if let newName, newName != before.title {
                try Self.checkUniqueName(newName, parentID: before.collectionID, parentName: before.collection, excluding: before.uuid, in: db)
                after.title = newName
            }
            if let description = edit.description { after.context = description.isEmpty ? nil : description }
            if edit.name != nil || edit.description != nil {
                after.textContent = CollectionHeader.text(name: after.title, description: after.context)
            }
            for (key, value) in changes { after.customMetadata[key] = value }

            let headerChanged = after != before
            var header = before
            if headerChanged {
                try CollectionWriter.replace(before, with: after, embeddingDimension: dimension, at: now, in: db)
                header = try Self.fetchDocument(before.uuid, columns: .init(content: true, rawData: false), in: db) ?? after
            }
            if header.title != before.title {
                for record in try CollectionQueries.linked(to: header.uuid, includeHeaders: true, in: db) {
                    var renamed = record
                    renamed.collection = header.title
                    try CollectionWriter.rewriteMembership(from: record, to: renamed, embeddingDimension: dimension, at: now, in: db)
                }
            }
            let removal = try Self.removeMembers(edit.removeMembers, from: header, embeddingDimension: dimension, at: now, in: db)
            let addition = try Self.addMembers(edit.addMembers, to: header, embeddingDimension: dimension, at: now, in: db)
            return CollectionUpdate(
                header: header,
                headerChanged: headerChanged,
                added: addition.added,
                removed: removal.removed,
                failures: removal.failures + addition.failures,
                totalMembers: try CollectionQueries.memberCount(of: header.uuid, in: db)
            )
        }
    }

    /// Deletes a collection; its members are deleted too or kept outside any collection.
    ///
    /// - Parameters:
    ///   - reference: The collection, by uuid or name.
    ///   - deleteMembers: Delete the members; otherwise they stay, detached.
    ///   - recursive: Delete nested sub-collections (and, with `deleteMembers`, their members) as well.
    /// - Throws: ``StoreError/collectionNotFound(reference:)``; ``StoreError/validation(field:message:)``
    ///   with field `recursive` when the collection has sub-collections and `recursive` is false
    ///   (then nothing is deleted).
    public func deleteCollection(_ reference: String, deleteMembers: Bool, recursive: Bool) async throws -> CollectionDeletion {
        let dimension = embeddingDimension
        if let postgres {
            return try await postgres.deleteCollection(reference, deleteMembers: deleteMembers, recursive: recursive, embeddingDimension: dimension)
        }
        return try await write { db in
            let now = Self.now()
            let header = try CollectionQueries.resolve(reference, in: db)
            let children = try CollectionQueries.children(of: header.uuid, in: db)
            if !children.isEmpty && !recursive {
                let names = children.prefix(5).map { "'\($0.title)'" }.joined(separator: ", ")
                throw StoreError.validation(
                    field: "recursive",
                    message: "collection '\(header.title)' has \(children.count) sub-collection(s) (\(names)\(children.count > 5 ? ", …" : "")); "
                        + "pass recursive: true to delete them as well, or delete them first"
                )
            }
            let tree = recursive ? try CollectionQueries.subtree(of: header.uuid, in: db) : [header.uuid]
            var deletion = CollectionDeletion(deletedCollections: [], deletedMembers: [], detachedMembers: [])
            for id in tree {
                for member in try CollectionQueries.linked(to: id, includeHeaders: false, in: db) {
                    if deleteMembers {
                        try CollectionWriter.delete(member, at: now, in: db)
                        deletion.deletedMembers.append(member.uuid)
                    } else {
                        try CollectionWriter.rewriteMembership(
                            from: member, to: CollectionWriter.detached(member), embeddingDimension: dimension, at: now, in: db
                        )
                        deletion.detachedMembers.append(member.uuid)
                    }
                }
            }
            for id in tree {
                guard let subject = try CollectionQueries.header(id: id, in: db) else { continue }
                try CollectionWriter.delete(subject, at: now, in: db)
                deletion.deletedCollections.append(id)
            }
            return deletion
        }
    }

    /// Moves records into `target`, or out of their collections when `target` is `nil`.
    ///
    /// Moved records go to the end of the target in request order. With `source`, only its members
    /// move. A record that is missing, a collection header or (with `source`) not in the source is
    /// reported in ``DocumentMove/failures`` and left where it was.
    ///
    /// - Parameters:
    ///   - ids: The records to move, by uuid.
    ///   - source: Only move records that are members of this collection (uuid or name).
    ///   - target: The collection to move them into (uuid or name); `nil` takes them out of collections.
    ///   - applySharedMetadata: Copy the target's shared metadata into each moved record's
    ///     `custom_metadata`, overwriting keys it already has.
    /// - Throws: ``StoreError/collectionNotFound(reference:)`` for an unknown source or target.
    public func moveDocuments(
        _ ids: [String], from source: String?, to target: String?, applySharedMetadata: Bool
    ) async throws -> DocumentMove {
        let dimension = embeddingDimension
        if let postgres {
            return try await postgres.moveDocuments(
                ids, from: source, to: target, applySharedMetadata: applySharedMetadata, embeddingDimension: dimension
            )
        }
        return try await write { db in
            let now = Self.now()
            let sourceHeader = try source.map { try CollectionQueries.resolve($0, in: db) }
            let targetHeader = try target.map { try CollectionQueries.resolve($0, in: db) }
            let shared = applySharedMetadata ? targetHeader?.sharedMetadata ?? [:] : [:]
            var next = try targetHeader.map { try CollectionQueries.nextPosition(in: $0.uuid, in: db) } ?? 0
            var move = DocumentMove(source: sourceHeader, target: targetHeader, moved: [], failures: [])
            var seen = Set<String>()
            for raw in ids {
                let document: Document
                switch try Self.memberCandidate(raw, in: db) {
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
                try CollectionWriter.rewriteMembership(from: document, to: after, embeddingDimension: dimension, at: now, in: db)
                move.moved.append(document.uuid)
            }
            return move
        }
    }

    /// Adds documents all-or-nothing at the end of a collection, in order, setting `collection`,
    /// `collection_id`, `collection_id_type` and `position` on each.
    ///
    /// - Throws: As ``add(_:)-([Document])``, and ``StoreError/collectionNotFound(reference:)``.
    @discardableResult
    public func add(_ documents: [Document], toCollection reference: String) async throws -> [Document] {
        guard !documents.isEmpty else { return [] }
        let now = Self.now()
        let prepared = try prepareForAdd(documents, now: now)
        let dimension = embeddingDimension
        if let postgres { return try await postgres.add(prepared, toCollection: reference, at: now, embeddingDimension: dimension) }
        return try await write { db in
            let header = try CollectionQueries.resolve(reference, in: db)
            let first = try CollectionQueries.nextPosition(in: header.uuid, in: db)
            let placed = prepared.enumerated().map { offset, document in
                CollectionWriter.attached(document, to: header, position: first + offset)
            }
            for document in placed { try DocumentValidator.validate(document, embeddingDimension: dimension) }
            try Self.insertPrepared(placed, at: now, in: db)
            return placed
        }
    }

    // MARK: Reads

    /// The collection header a uuid or name refers to, or `nil` when none does.
    ///
    /// - Throws: ``StoreError/validation(field:message:)`` when the name belongs to several collections.
    public func collection(matching reference: String) async throws -> Document? {
        if let postgres { return try await postgres.collection(matching: reference) }
        return try await read { db in
            do {
                return try CollectionQueries.resolve(reference, in: db)
            } catch StoreError.collectionNotFound {
                return nil
            }
        }
    }

    /// A page of collections with their direct-member figures.
    ///
    /// - Parameters:
    ///   - parent: Only the direct sub-collections of this collection (uuid or name); `nil` for all collections.
    ///   - includeEmpty: Include collections without direct members.
    ///   - limit: Page size, 0…``maximumPageSize``.
    ///   - offset: Collections to skip, at least 0.
    ///   - sort: The order of the page.
    ///   - includeStatistics: Compute ``CollectionSummary/statistics`` (direct members) for each.
    /// - Throws: ``StoreError/collectionNotFound(reference:)`` for an unknown parent.
    public func collections(
        parent: String? = nil,
        includeEmpty: Bool = true,
        sort: CollectionSort = .name,
        limit: Int,
        offset: Int,
        includeStatistics: Bool = false
    ) async throws -> CollectionPage {
        try Self.checkPage(limit: limit, offset: offset)
        if let postgres {
            return try await postgres.collections(
                parent: parent, includeEmpty: includeEmpty, sort: sort, limit: limit, offset: offset, includeStatistics: includeStatistics
            )
        }
        return try await read { db in
            var condition = "d.record_type = 'collection_header'"
            var arguments: [DatabaseValue] = []
            if let parent {
                condition += " AND d.collection_id = ?"
                arguments.append(try CollectionQueries.resolve(parent, in: db).uuid.databaseValue)
            }
            let columns = DocumentRowCodec.selectList(.init(content: false, rawData: false))
            let counted = "(SELECT count(*) FROM documents m WHERE m.collection_id = d.uuid AND m.\(CollectionQueries.isMember))"
            var matching = "SELECT \(columns), \(counted) AS member_count FROM documents d WHERE \(condition)"
            if !includeEmpty { matching = "SELECT * FROM (\(matching)) WHERE member_count > 0" }
            let order = switch sort {
            case .name: "title, uuid"
            case .createdAt: "created_at DESC, uuid"
            case .memberCount: "member_count DESC, title, uuid"
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(matching))", arguments: StatementArguments(arguments)) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM (\(matching)) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [limit.databaseValue, offset.databaseValue])
            )
            let summaries = try rows.map { row in
                try CollectionQueries.summary(of: try DocumentRowCodec.decode(row), withStatistics: includeStatistics, in: db)
            }
            return CollectionPage(collections: summaries, totalCount: total)
        }
    }

    /// One collection with statistics, sub-collections and members, in one consistent snapshot.
    ///
    /// - Parameters:
    ///   - reference: The collection, by uuid or name.
    ///   - includeSubcollections: Count members of nested sub-collections (any depth) in the
    ///     statistics and list the direct sub-collections.
    ///   - memberLimit: List up to this many direct members by position, 0…``maximumReportedMembers``.
    /// - Throws: ``StoreError/collectionNotFound(reference:)``.
    public func collectionReport(
        _ reference: String, includeSubcollections: Bool = true, memberLimit: Int = 0
    ) async throws -> CollectionReport {
        guard (0...Self.maximumReportedMembers).contains(memberLimit) else {
            throw StoreError.validation(field: "member_limit", message: "\(memberLimit) is out of range; use 0…\(Self.maximumReportedMembers)")
        }
        if let postgres {
            return try await postgres.collectionReport(reference, includeSubcollections: includeSubcollections, memberLimit: memberLimit)
        }
        return try await read { db in
            let header = try CollectionQueries.resolve(reference, in: db)
            let statistics = try CollectionQueries.statistics(of: header.uuid, includeSubcollections: includeSubcollections, in: db)
            let summary = try CollectionQueries.summary(of: header, withStatistics: false, in: db)
            let subcollections = includeSubcollections
                ? try CollectionQueries.children(of: header.uuid, in: db).map { try CollectionQueries.summary(of: $0, withStatistics: false, in: db) }
                : []
            let members = memberLimit > 0 ? try CollectionQueries.members(of: header.uuid, limit: memberLimit, in: db) : []
            return CollectionReport(collection: summary, statistics: statistics, subcollections: subcollections, members: members)
        }
    }

    /// Collection ids starting with `prefix` (any case), in order, at most `limit`; for completing uuids.
    public func collectionIDs(withPrefix prefix: String, limit: Int) async throws -> [String] {
        try Self.checkPage(limit: limit, offset: 0)
        let lower = prefix.lowercased()
        if let postgres { return try await postgres.collectionIDs(from: lower, below: lower + "\u{10FFFF}", limit: limit) }
        return try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT uuid FROM documents
                    WHERE uuid >= ? AND uuid < ? AND record_type = 'collection_header' ORDER BY uuid LIMIT ?
                    """,
                arguments: [lower, lower + "\u{10FFFF}", limit]
            )
        }
    }

    // MARK: Helpers

    private static func collectionName(_ name: String) throws(StoreError) -> String {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw StoreError.validation(field: "name", message: "a collection needs a name that is not blank")
        }
        return name
    }

    private static func sharedKey(_ key: String) throws(StoreError) -> String {
        guard !key.isEmpty else { throw StoreError.validation(field: "metadata", message: "shared metadata keys must not be empty") }
        return CollectionHeader.sharedPrefix + key
    }

    private static func checkUniqueName(
        _ name: String, parentID: String?, parentName: String?, excluding: String?, in db: Database
    ) throws {
        guard let existing = try CollectionQueries.sibling(named: name, parentID: parentID, excluding: excluding, in: db) else { return }
        let place = parentID == nil ? "at the top level" : "in '\(parentName ?? parentID ?? "")'"
        throw StoreError.validation(
            field: "name",
            message: "a collection named '\(name)' already exists \(place) (\(existing)); names are unique among siblings"
        )
    }

    /// A record that may join or leave a collection, or why it may not.
    private enum MemberCandidate {
        case success(Document)
        case failure(MembershipProblem)
    }

    /// The record `raw` names, if it may be a member: it exists and is not a collection header.
    private static func memberCandidate(_ raw: String, in db: Database) throws -> MemberCandidate {
        guard let id = DocumentUUID.normalized(raw) else { return .failure(.invalidUUID) }
        guard let document = try fetchDocument(id, columns: .init(content: true, rawData: false), in: db) else {
            return .failure(.notFound)
        }
        guard document.recordType != .collectionHeader else { return .failure(.isCollection) }
        return .success(document)
    }

    private static func addMembers(
        _ ids: [String], to header: Document, embeddingDimension: Int, at now: Date, in db: Database
    ) throws -> (added: [String], failures: [MembershipFailure]) {
        var added: [String] = []
        var failures: [MembershipFailure] = []
        var next = ids.isEmpty ? 0 : try CollectionQueries.nextPosition(in: header.uuid, in: db)
        for raw in ids {
            let document: Document
            switch try memberCandidate(raw, in: db) {
            case .failure(let problem):
                failures.append(MembershipFailure(documentID: raw, problem: problem))
                continue
            case .success(let found):
                document = found
            }
            if document.collectionID == header.uuid {
                // Already here: only repair a stale name or a missing position; not counted as added.
                let position = document.position ?? next
                if document.position == nil { next += 1 }
                try CollectionWriter.rewriteMembership(
                    from: document, to: CollectionWriter.attached(document, to: header, position: position),
                    embeddingDimension: embeddingDimension, at: now, in: db
                )
                continue
            }
            // A link to a collection that no longer exists does not hold a record back.
            if let other = document.collectionID, let current = try CollectionQueries.header(id: DocumentUUID.normalized(other) ?? other, in: db) {
                failures.append(MembershipFailure(documentID: raw, problem: .inAnotherCollection(id: current.uuid, name: current.title)))
                continue
            }
            try CollectionWriter.rewriteMembership(
                from: document, to: CollectionWriter.attached(document, to: header, position: next),
                embeddingDimension: embeddingDimension, at: now, in: db
            )
            next += 1
            added.append(document.uuid)
        }
        return (added, failures)
    }

    private static func removeMembers(
        _ ids: [String], from header: Document, embeddingDimension: Int, at now: Date, in db: Database
    ) throws -> (removed: [String], failures: [MembershipFailure]) {
        var removed: [String] = []
        var failures: [MembershipFailure] = []
        for raw in ids {
            switch try memberCandidate(raw, in: db) {
            case .failure(let problem):
                failures.append(MembershipFailure(documentID: raw, problem: problem))
            case .success(let document) where document.collectionID != header.uuid:
                failures.append(MembershipFailure(documentID: raw, problem: .notInCollection(id: header.uuid, name: header.title)))
            case .success(let document):
                try CollectionWriter.rewriteMembership(
                    from: document, to: CollectionWriter.detached(document), embeddingDimension: embeddingDimension, at: now, in: db
                )
                removed.append(document.uuid)
            }
        }
        return (removed, failures)
    }
}
