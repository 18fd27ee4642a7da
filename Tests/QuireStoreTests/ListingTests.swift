import Foundation
import Testing
import QuireStore

@Suite("Listing, counting and store info")
struct ListingTests {
    static func date(_ text: String) -> Date { Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0) }

    static let corpus: [Document] = [
        Document(uuid: "00000000-0000-4000-8000-000000000003", title: "Charlie", textContent: "ccc",
                 embedding: Array(repeating: 1, count: 8), createdAt: date("2025-01-02"), status: "b"),
        Document(uuid: "00000000-0000-4000-8000-000000000001", title: "alpha", textContent: "a",
                 createdAt: date("2025-01-02"), status: "a"),
        Document(uuid: "00000000-0000-4000-8000-000000000002", title: "Bravo", createdAt: date("2025-01-01"),
                 recordType: .collectionHeader),
        Document(uuid: "00000000-0000-4000-8000-000000000004", title: "Delta", textContent: "dddddddddd",
                 createdAt: date("2025-01-03"), status: "a"),
    ]

    @Test(arguments: StoreBackend.all) func defaultOrderIsCreatedAtThenUUID(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            let page = try await store.list(limit: 10, offset: 0)
            #expect(page.documents.map(\.title) == ["Bravo", "alpha", "Charlie", "Delta"])
            #expect(page.totalCount == 4)
        }
    }

    @Test(arguments: StoreBackend.all) func sortKeysPagingAndContent(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            let byTitle = try await store.list(orderBy: [SortKey.parse("-title")], limit: 10, offset: 0)
            // SQLite's binary collation: upper case sorts before lower case.
            #expect(byTitle.documents.map(\.title) == ["alpha", "Delta", "Charlie", "Bravo"])
            let byStatus = try await store.list(orderBy: [try SortKey.parse("status"), try SortKey.parse("-created_at")],
                                                limit: 10, offset: 0)
            #expect(byStatus.documents.map(\.title) == ["Bravo", "Delta", "alpha", "Charlie"])

            let second = try await store.list(limit: 2, offset: 1, includeContent: false)
            #expect(second.documents.map(\.title) == ["alpha", "Charlie"])
            #expect(second.totalCount == 4)
            #expect(second.documents.allSatisfy { $0.textContent == nil })
            #expect(second.documents[1].embedding?.count == 8)
            let beyond = try await store.list(limit: 5, offset: 10)
            #expect(beyond.documents.isEmpty && beyond.totalCount == 4)

            let filtered = try await store.list(filter: .compare(.field(.status), .eq, .string("a")),
                                                orderBy: [SortKey(field: .title, descending: false)], limit: 1, offset: 0)
            #expect(filtered.documents.map(\.title) == ["Delta"])
            #expect(filtered.totalCount == 2)
        }
    }

    @Test(arguments: StoreBackend.all) func badSortKeysAndPagesAreErrors(_ backend: StoreBackend) async throws {
        #expect(filterError { _ = try SortKey.parse("-colour") } == .unknownField("colour"))
        #expect(filterError { _ = try SortKey.parse("tags") } == .unsortable(field: "tags"))
        #expect(try SortKey.parse("+position") == SortKey(field: .position, descending: false))
        try await withStore(backend) { (store) async throws in
            let unsortable = await storeError {
                _ = try await store.list(orderBy: [SortKey(field: .customMetadata)], limit: 1, offset: 0)
            }
            #expect(unsortable == .filter(.unsortable(field: "custom_metadata")))
            let negative = await storeError { _ = try await store.list(limit: 1, offset: -1) }
            #expect(negative?.validationField == "offset")
            let huge = await storeError { _ = try await store.list(limit: 1_000_000, offset: 0) }
            #expect(huge?.validationField == "limit")
        }
    }

    @Test(arguments: StoreBackend.all) func infoSummarizesTheStore(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let empty = try await store.info()
            #expect(empty.totalDocuments == 0 && empty.version == 0 && empty.averageContentLength == 0)
            _ = try await store.add(Self.corpus)
            let info = try await store.info()
            #expect(info.totalDocuments == 4)
            #expect(info.version == 4)
            #expect(info.embeddingDimension == 8)
            #expect(info.recordTypeCounts == [.document: 3, .collectionHeader: 1])
            #expect(info.documentsWithEmbeddings == 1)
            #expect(info.averageContentLength == 14.0 / 4)
            #expect(try await store.count(filter: .compare(.field(.recordType), .eq, .string("document"))) == 3)
        }
    }

    @Test func schemaDescriptionListsEveryField() {
        let fields = DocumentField.schemaDescription(embeddingDimension: 1536)
        let names = Set(fields.map(\.name))
        #expect(names == Set(DocumentField.allCases.map(\.rawValue)).union(["vector", "raw_data"]))
        #expect(fields.first { $0.name == "title" }?.nullable == false)
        #expect(fields.first { $0.name == "vector" }?.type == "fixed_size_list<float32>[1536]")
    }
}

@Suite("UUID prefix lookup")
struct UUIDPrefixTests {
    @Test(arguments: StoreBackend.all) func findsUUIDsByPrefixInAnyCase(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(ListingTests.corpus)
            _ = try await store.add(Document(uuid: "0a000000-0000-4000-8000-000000000000", title: "Other"))
            let all = try await store.uuids(withPrefix: "0000", limit: 10)
            #expect(all == (1...4).map { "00000000-0000-4000-8000-00000000000\($0)" })
            #expect(try await store.uuids(withPrefix: "0A", limit: 10) == ["0a000000-0000-4000-8000-000000000000"])
            #expect(try await store.uuids(withPrefix: "", limit: 2).count == 2)
            #expect(try await store.uuids(withPrefix: "ff", limit: 10).isEmpty)
            #expect(try await store.uuids(withPrefix: "%", limit: 10).isEmpty)
        }
    }
}
