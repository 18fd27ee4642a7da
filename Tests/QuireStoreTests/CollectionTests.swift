import Foundation
import GRDB
import Testing
@testable import QuireStore

@Suite("Collections")
struct CollectionTests {
    // MARK: Creating

    @Test(arguments: StoreBackend.all) func createNestsUnderAParentByNameAndAddsInitialMembersInOrder(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<3).map { Document(title: "Doc \($0)") })
            let top = try await store.createCollection(NewCollection(
                name: "Research", description: "Papers", template: "research", sharedMetadata: ["x_domain": "academic"]
            ))
            #expect(top.header.recordType == .collectionHeader)
            #expect(top.header.context == "Papers")
            #expect(top.header.textContent == "Collection: Research\n\nPapers")
            #expect(top.header.collectionTemplate == "research")
            #expect(top.header.sharedMetadata == ["x_domain": "academic"])
            #expect(top.header.customMetadata["shared_x_domain"] == "academic")
            #expect(top.header.collectionID == nil)

            let sub = try await store.createCollection(NewCollection(
                name: "Notes", parent: "Research", initialMembers: [docs[2].uuid, docs[0].uuid.uppercased()]
            ))
            #expect(sub.header.collectionID == top.header.uuid)
            #expect(sub.header.collectionIDType == "uuid")
            #expect(sub.header.collection == "Research")
            #expect(sub.header.position == 0)
            #expect(sub.header.textContent == "Collection: Notes")
            #expect(sub.added == [docs[2].uuid, docs[0].uuid])
            #expect(sub.failures.isEmpty)

            let first = try #require(try await store.get(uuid: docs[2].uuid))
            let second = try #require(try await store.get(uuid: docs[0].uuid))
            #expect(first.collectionID == sub.header.uuid && first.collection == "Notes" && first.collectionIDType == "uuid")
            #expect(first.position == 0 && second.position == 1)
            #expect(try await store.get(uuid: docs[1].uuid)?.collectionID == nil)

            // A second sub-collection takes the next position among the parent's children.
            let other = try await store.createCollection(NewCollection(name: "Drafts", parent: top.header.uuid))
            #expect(other.header.position == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func initialMembersThatCannotJoinAreReportedAndTheRestStillJoin(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let free = try await store.add(Document(title: "Free"))
            let taken = try await store.add(Document(title: "Taken"))
            let elsewhere = try await store.createCollection(NewCollection(name: "Elsewhere", initialMembers: [taken.uuid]))
            let missing = UUID().uuidString.lowercased()
            let created = try await store.createCollection(NewCollection(
                name: "New", initialMembers: ["nope", missing, elsewhere.header.uuid, taken.uuid, free.uuid]
            ))
            #expect(created.added == [free.uuid])
            #expect(created.failures == [
                MembershipFailure(documentID: "nope", problem: .invalidUUID),
                MembershipFailure(documentID: missing, problem: .notFound),
                MembershipFailure(documentID: elsewhere.header.uuid, problem: .isCollection),
                MembershipFailure(documentID: taken.uuid, problem: .inAnotherCollection(id: elsewhere.header.uuid, name: "Elsewhere")),
            ])
            #expect(created.failures[3].problem.description.contains("'Elsewhere'"))
            #expect(try await store.get(uuid: taken.uuid)?.collectionID == elsewhere.header.uuid)
            #expect(try await store.get(uuid: free.uuid)?.position == 0)
        }
    }

    @Test(arguments: StoreBackend.all) func namesAreUniqueAmongSiblingsAndAmbiguousNamesNeedAUUID(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let a = try await store.createCollection(NewCollection(name: "A"))
            let b = try await store.createCollection(NewCollection(name: "B"))
            let duplicate = await storeError { _ = try await store.createCollection(NewCollection(name: "A")) }
            #expect(duplicate?.validationField == "name")
            #expect(await storeError { _ = try await store.createCollection(NewCollection(name: "  ")) }?.validationField == "name")

            // The same name under two parents is fine, but then the name alone is ambiguous.
            let inA = try await store.createCollection(NewCollection(name: "Inbox", parent: a.header.uuid))
            _ = try await store.createCollection(NewCollection(name: "Inbox", parent: b.header.uuid))
            let ambiguous = await storeError { _ = try await store.collection(matching: "Inbox") }
            #expect(ambiguous?.validationField == "collection")
            #expect(try await store.collection(matching: inA.header.uuid.uppercased())?.uuid == inA.header.uuid)
            #expect(try await store.collection(matching: "Nothing") == nil)
            // A document's uuid is not a collection.
            let document = try await store.add(Document(title: "A"))
            #expect(try await store.collection(matching: document.uuid) == nil)

            let unknownParent = await storeError { _ = try await store.createCollection(NewCollection(name: "X", parent: "Missing")) }
            #expect(unknownParent == .collectionNotFound(reference: "Missing"))
            #expect(try await store.count(filter: .compare(.field(.recordType), .eq, .string("collection_header"))) == 4)
        }
    }

    // MARK: Updating

    @Test(arguments: StoreBackend.all) func renameKeepsMembersAndSubcollectionsInSyncAndIsLogged(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<2).map { Document(title: "Doc \($0)") })
            let top = try await store.createCollection(NewCollection(name: "Old", description: "Kept", initialMembers: docs.map(\.uuid)))
            let sub = try await store.createCollection(NewCollection(name: "Child", parent: "Old"))
            let version = try await store.storeVersion()

            let result = try await store.updateCollection("Old", CollectionEdit(name: "New", sharedMetadata: ["owner": "ada"]))
            #expect(result.headerChanged)
            #expect(result.header.title == "New")
            #expect(result.header.textContent == "Collection: New\n\nKept")
            #expect(result.header.sharedMetadata == ["owner": "ada"])
            #expect(result.totalMembers == 2)
            for doc in docs {
                #expect(try await store.get(uuid: doc.uuid)?.collection == "New")
            }
            #expect(try await store.get(uuid: sub.header.uuid)?.collection == "New")

            // One entry for the header (a collection) and one per linked record, in one transaction.
            let changes = try await store.changes(after: version, limit: 10)
            #expect(changes.count == 4)
            #expect(changes.map(\.type) == [.updated, .updated, .updated, .updated])
            #expect(changes.first?.resourceType == .collection && changes.first?.resourceID == top.header.uuid)
            #expect(changes.filter { $0.resourceType == .document }.map(\.resourceID).sorted() == docs.map(\.uuid).sorted())
            #expect(changes.filter { $0.resourceType == .collection }.map(\.resourceID).sorted() == [top.header.uuid, sub.header.uuid].sorted())
        }
    }

    @Test(arguments: StoreBackend.all) func aFailedUpdateWritesNothing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let doc = try await store.add(Document(title: "Doc"))
            _ = try await store.createCollection(NewCollection(name: "Taken"))
            let target = try await store.createCollection(NewCollection(name: "Target"))
            let version = try await store.storeVersion()
            let clash = await storeError {
                _ = try await store.updateCollection(target.header.uuid, CollectionEdit(name: "Taken", addMembers: [doc.uuid]))
            }
            #expect(clash?.validationField == "name")
            #expect(try await store.storeVersion() == version)
            #expect(try await store.get(uuid: doc.uuid)?.collectionID == nil)
            #expect(await storeError { _ = try await store.updateCollection("Gone", CollectionEdit()) } == .collectionNotFound(reference: "Gone"))
        }
    }

    @Test(arguments: StoreBackend.all) func membershipEditsReportEachRecordThatCannotJoinOrLeave(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<4).map { Document(title: "Doc \($0)") })
            let a = try await store.createCollection(NewCollection(name: "A", initialMembers: [docs[0].uuid, docs[1].uuid]))
            let b = try await store.createCollection(NewCollection(name: "B", initialMembers: [docs[2].uuid]))

            let result = try await store.updateCollection("A", CollectionEdit(
                description: "Now described",
                removeMembers: [docs[1].uuid, docs[3].uuid],
                addMembers: [docs[2].uuid, docs[3].uuid, docs[0].uuid]
            ))
            #expect(result.removed == [docs[1].uuid])
            #expect(result.added == [docs[3].uuid])
            #expect(result.failures == [
                MembershipFailure(documentID: docs[3].uuid, problem: .notInCollection(id: a.header.uuid, name: "A")),
                MembershipFailure(documentID: docs[2].uuid, problem: .inAnotherCollection(id: b.header.uuid, name: "B")),
            ])
            #expect(result.totalMembers == 2)
            #expect(result.header.context == "Now described")
            let removed = try #require(try await store.get(uuid: docs[1].uuid))
            #expect(removed.collection == nil && removed.collectionID == nil && removed.collectionIDType == nil && removed.position == nil)
            // Removals happen first, so the newcomer follows the last remaining member.
            #expect(try await store.get(uuid: docs[3].uuid)?.position == 1)
            #expect(try await store.get(uuid: docs[0].uuid)?.position == 0)

            // Removing a shared-metadata key; an unchanged header is not rewritten.
            _ = try await store.updateCollection("A", CollectionEdit(sharedMetadata: ["k": "v"]))
            let cleared = try await store.updateCollection("A", CollectionEdit(sharedMetadata: ["k": nil]))
            #expect(cleared.headerChanged && cleared.header.sharedMetadata.isEmpty)
            let version = try await store.storeVersion()
            let noop = try await store.updateCollection("A", CollectionEdit(sharedMetadata: ["k": nil]))
            #expect(!noop.headerChanged)
            #expect(try await store.storeVersion() == version)
        }
    }

    // MARK: Deleting

    @Test(arguments: StoreBackend.all) func deleteRefusesSubcollectionsWithoutRecursiveAndDeletesNothing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let doc = try await store.add(Document(title: "Member"))
            _ = try await store.createCollection(NewCollection(name: "Parent", initialMembers: [doc.uuid]))
            _ = try await store.createCollection(NewCollection(name: "Child", parent: "Parent"))
            let version = try await store.storeVersion()
            let refused = await storeError { _ = try await store.deleteCollection("Parent", deleteMembers: true, recursive: false) }
            #expect(refused?.validationField == "recursive")
            #expect(try await store.storeVersion() == version)
            #expect(try await store.count() == 3)
        }
    }

    @Test(arguments: StoreBackend.all) func deleteKeepsMembersDetachedByDefault(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<2).map { Document(title: "Doc \($0)") })
            let collection = try await store.createCollection(NewCollection(name: "Shelf", initialMembers: docs.map(\.uuid)))
            let version = try await store.storeVersion()
            let deletion = try await store.deleteCollection("Shelf", deleteMembers: false, recursive: false)
            #expect(deletion.deletedCollections == [collection.header.uuid])
            #expect(deletion.deletedMembers.isEmpty)
            #expect(deletion.detachedMembers == docs.map(\.uuid))
            for doc in docs {
                let kept = try #require(try await store.get(uuid: doc.uuid))
                #expect(kept.collectionID == nil && kept.collection == nil && kept.position == nil)
            }
            let changes = try await store.changes(after: version, limit: 10)
            #expect(changes.map(\.type) == [.updated, .updated, .deleted])
            #expect(changes.map(\.resourceType) == [.document, .document, .collection])
        }
    }

    @Test(arguments: StoreBackend.all) func recursiveDeleteRemovesTheWholeTreeAndItsMembers(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<4).map { Document(title: "Doc \($0)") })
            let root = try await store.createCollection(NewCollection(name: "Root", initialMembers: [docs[0].uuid]))
            let child = try await store.createCollection(NewCollection(name: "Child", parent: "Root", initialMembers: [docs[1].uuid]))
            let grandchild = try await store.createCollection(NewCollection(
                name: "Grandchild", parent: child.header.uuid, initialMembers: [docs[2].uuid]
            ))
            let unrelated = try await store.createCollection(NewCollection(name: "Unrelated", initialMembers: [docs[3].uuid]))

            let deletion = try await store.deleteCollection(root.header.uuid, deleteMembers: true, recursive: true)
            #expect(deletion.deletedCollections == [grandchild.header.uuid, child.header.uuid, root.header.uuid])
            #expect(Set(deletion.deletedMembers) == Set(docs[0...2].map(\.uuid)))
            #expect(try await store.count() == 2)
            #expect(try await store.get(uuid: docs[3].uuid)?.collectionID == unrelated.header.uuid)
            #expect(try await store.collection(matching: "Unrelated") != nil)
        }
    }

    // MARK: Moving

    @Test(arguments: StoreBackend.all) func moveBetweenCollectionsAppliesSharedMetadataAndChecksTheSource(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<3).map { Document(title: "Doc \($0)", customMetadata: ["x_keep": "yes"]) })
            let from = try await store.createCollection(NewCollection(name: "From", initialMembers: [docs[0].uuid, docs[1].uuid]))
            let to = try await store.createCollection(NewCollection(name: "To", sharedMetadata: ["x_domain": "legal"], initialMembers: [docs[2].uuid]))
            let version = try await store.storeVersion()

            let move = try await store.moveDocuments(
                [docs[1].uuid, docs[2].uuid, docs[0].uuid, "bad"], from: "From", to: "To", applySharedMetadata: true
            )
            #expect(move.source?.uuid == from.header.uuid && move.target?.uuid == to.header.uuid)
            #expect(move.moved == [docs[1].uuid, docs[0].uuid])
            #expect(move.failures == [
                MembershipFailure(documentID: docs[2].uuid, problem: .notInCollection(id: from.header.uuid, name: "From")),
                MembershipFailure(documentID: "bad", problem: .invalidUUID),
            ])
            let moved = try #require(try await store.get(uuid: docs[1].uuid))
            #expect(moved.collectionID == to.header.uuid && moved.collection == "To")
            #expect(moved.position == 1)
            #expect(moved.customMetadata == ["x_keep": "yes", "x_domain": "legal"])
            #expect(try await store.get(uuid: docs[0].uuid)?.position == 2)
            // The document already in the target kept its metadata: it failed the source check.
            #expect(try await store.get(uuid: docs[2].uuid)?.customMetadata == ["x_keep": "yes"])

            let changes = try await store.changes(after: version, limit: 10)
            #expect(changes.map(\.resourceID) == [docs[1].uuid, docs[0].uuid])
            #expect(changes.allSatisfy { $0.type == .updated && $0.resourceType == .document })
        }
    }

    @Test(arguments: StoreBackend.all) func moveWithoutTargetDetachesAndWithoutMetadataLeavesItAlone(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let doc = try await store.add(Document(title: "Doc"))
            _ = try await store.createCollection(NewCollection(name: "A", initialMembers: [doc.uuid]))
            _ = try await store.createCollection(NewCollection(name: "B", sharedMetadata: ["k": "v"]))
            let plain = try await store.moveDocuments([doc.uuid], from: nil, to: "B", applySharedMetadata: false)
            #expect(plain.moved == [doc.uuid])
            #expect(try await store.get(uuid: doc.uuid)?.customMetadata == [:])
            let out = try await store.moveDocuments([doc.uuid], from: nil, to: nil, applySharedMetadata: true)
            #expect(out.moved == [doc.uuid] && out.target == nil)
            #expect(try await store.get(uuid: doc.uuid)?.collectionID == nil)
            let missingTarget = await storeError { _ = try await store.moveDocuments([doc.uuid], from: nil, to: "C", applySharedMetadata: true) }
            #expect(missingTarget == .collectionNotFound(reference: "C"))
        }
    }

    @Test(arguments: StoreBackend.all) func addToCollectionAppendsInOrderAndIsAllOrNothing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let existing = try await store.add(Document(title: "First"))
            let collection = try await store.createCollection(NewCollection(name: "Log", initialMembers: [existing.uuid]))
            let added = try await store.add([Document(title: "Second"), Document(title: "Third")], toCollection: "Log")
            #expect(added.map(\.position) == [1, 2])
            #expect(added.allSatisfy { $0.collectionID == collection.header.uuid && $0.collection == "Log" && $0.collectionIDType == "uuid" })
            #expect(try await store.get(uuid: added[1].uuid)?.position == 2)

            let before = try await store.count()
            let missing = await storeError { _ = try await store.add([Document(title: "Lost")], toCollection: "Nowhere") }
            #expect(missing == .collectionNotFound(reference: "Nowhere"))
            #expect(try await store.count() == before)
        }
    }

    // MARK: Figures

    @Test(arguments: StoreBackend.all) func statisticsMatchTheMembersAtEveryDepth(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let day = 86_400.0
            let base = Date(timeIntervalSince1970: 1_750_000_000)
            let docs = try await store.add([
                Document(title: "a", textContent: "héllo", tags: ["x", "y"], createdAt: base),
                Document(title: "b", textContent: "abc", tags: ["y"], createdAt: base.addingTimeInterval(day), rawData: Data([1, 2, 3, 4])),
                Document(title: "c", textContent: nil, createdAt: base.addingTimeInterval(-day), recordType: .frameset),
                Document(title: "d", textContent: "deep", tags: ["z"], createdAt: base.addingTimeInterval(5 * day)),
            ])
            let root = try await store.createCollection(NewCollection(name: "Root", initialMembers: [docs[0].uuid, docs[1].uuid]))
            let child = try await store.createCollection(NewCollection(name: "Child", parent: "Root", initialMembers: [docs[2].uuid]))
            _ = try await store.createCollection(NewCollection(name: "Leaf", parent: child.header.uuid, initialMembers: [docs[3].uuid]))
            _ = try await store.add(Document(title: "outside", textContent: "not counted", tags: ["w"]))

            let direct = try await store.collectionReport("Root", includeSubcollections: false, memberLimit: 10)
            // "héllo" is 6 UTF-8 bytes; "abc" 3 plus 4 raw bytes.
            #expect(direct.statistics == CollectionStatistics(
                totalMembers: 2, directMembers: 2, subcollectionMembers: 0, totalSizeBytes: 13, averageDocumentSize: 6.5,
                uniqueTags: ["x", "y"], earliest: base, latest: base.addingTimeInterval(day), memberTypes: ["document": 2]
            ))
            #expect(direct.subcollections.isEmpty)
            #expect(direct.members.map(\.document.uuid) == [docs[0].uuid, docs[1].uuid])
            #expect(direct.members.map(\.sizeBytes) == [6, 7])
            #expect(direct.collection.memberCount == 2 && direct.collection.totalSizeBytes == 13)

            let deep = try await store.collectionReport(root.header.uuid, includeSubcollections: true)
            #expect(deep.statistics == CollectionStatistics(
                totalMembers: 4, directMembers: 2, subcollectionMembers: 2, totalSizeBytes: 17, averageDocumentSize: 4.25,
                uniqueTags: ["x", "y", "z"], earliest: base.addingTimeInterval(-day), latest: base.addingTimeInterval(5 * day),
                memberTypes: ["document": 3, "frameset": 1]
            ))
            #expect(deep.subcollections.map(\.header.title) == ["Child"])
            #expect(deep.subcollections.first?.memberCount == 1)
            #expect(deep.members.isEmpty)

            let empty = try await store.createCollection(NewCollection(name: "Empty"))
            let nothing = try await store.collectionReport(empty.header.uuid)
            #expect(nothing.statistics.totalMembers == 0 && nothing.statistics.averageDocumentSize == 0)
            #expect(nothing.statistics.earliest == nil && nothing.statistics.latest == nil)
            #expect(await storeError { _ = try await store.collectionReport("Missing") } == .collectionNotFound(reference: "Missing"))
        }
    }

    @Test(arguments: StoreBackend.all) func listingSortsFiltersAndPages(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let docs = try await store.add((0..<3).map { Document(title: "Doc \($0)", textContent: "1234") })
            let b = try await store.createCollection(NewCollection(name: "Beta", initialMembers: [docs[0].uuid]))
            let a = try await store.createCollection(NewCollection(name: "Alpha", initialMembers: [docs[1].uuid, docs[2].uuid]))
            let c = try await store.createCollection(NewCollection(name: "Gamma", parent: "Alpha"))

            let byName = try await store.collections(limit: 10, offset: 0)
            #expect(byName.totalCount == 3)
            #expect(byName.collections.map(\.header.title) == ["Alpha", "Beta", "Gamma"])
            #expect(byName.collections.map(\.memberCount) == [2, 1, 0])
            #expect(byName.collections.map(\.totalSizeBytes) == [8, 4, 0])
            #expect(byName.collections[2].parentID == a.header.uuid)
            #expect(byName.collections.allSatisfy { $0.statistics == nil })

            let newest = try await store.collections(sort: .createdAt, limit: 10, offset: 0)
            // Creations may share a millisecond; ties fall back to uuid order.
            let expectedNewest = [a.header, b.header, c.header]
                .sorted { ($0.createdAt, $1.uuid) > ($1.createdAt, $0.uuid) }
                .map(\.uuid)
            #expect(newest.collections.map(\.id) == expectedNewest)
            #expect(c.header.createdAt >= a.header.createdAt && a.header.createdAt >= b.header.createdAt)
            let biggest = try await store.collections(includeEmpty: false, sort: .memberCount, limit: 10, offset: 0, includeStatistics: true)
            #expect(biggest.totalCount == 2)
            #expect(biggest.collections.map(\.id) == [a.header.uuid, b.header.uuid])
            #expect(biggest.collections.first?.statistics?.totalSizeBytes == 8)

            let page = try await store.collections(limit: 1, offset: 1)
            #expect(page.totalCount == 3 && page.collections.map(\.header.title) == ["Beta"])
            let children = try await store.collections(parent: "Alpha", limit: 10, offset: 0)
            #expect(children.collections.map(\.id) == [c.header.uuid])
            #expect(await storeError { _ = try await store.collections(parent: "Nope", limit: 10, offset: 0) } == .collectionNotFound(reference: "Nope"))
            #expect(try await store.collectionIDs(withPrefix: String(a.header.uuid.prefix(8)).uppercased(), limit: 5) == [a.header.uuid])
            // Documents never show up as collection ids.
            #expect(try await store.collectionIDs(withPrefix: docs[0].uuid, limit: 5).isEmpty)
        }
    }

    @Test func memberQueriesUseTheCollectionIndexes() async throws {
        try await withStore { (store) async throws in
            let plans = try await store.read { db -> [String] in
                func plan(_ sql: String) throws -> String {
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["x"])
                        .map { row -> String in row["detail"] ?? "" }.joined(separator: "; ")
                }
                return [
                    try plan("SELECT count(*) FROM documents WHERE collection_id = ? AND \(CollectionQueries.isMember)"),
                    try plan("SELECT uuid FROM documents WHERE record_type = 'collection_header' AND title = ?"),
                ]
            }
            #expect(plans[0].contains("COVERING INDEX documents_collection_members"), "\(plans[0])")
            #expect(plans[1].contains("documents_collection_header_names"), "\(plans[1])")
        }
    }
}
