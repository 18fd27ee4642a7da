import Testing
import QuireStore

@Suite("Injection attempts are inert")
struct InjectionTests {
    static let drop = "'; DROP TABLE documents; --"

    private func withDocuments(_ backend: StoreBackend, _ body: (DocumentStore) async throws -> Void) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add([
                Document(title: "x", status: "plain"),
                Document(title: "x' OR '1'='1", status: Self.drop),
                Document(title: "other", customMetadata: ["k\"ey')": "v'); DROP TABLE documents; --"]),
            ])
            try await body(store)
        }
    }

    @Test(arguments: StoreBackend.all) func tautologyInAFilterStringIsRejected(_ backend: StoreBackend) async throws {
        let error = filterError { _ = try FilterStringParser.parse("title = 'x' OR 1=1") }
        guard case .syntax = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        try await withDocuments(backend) { (store) async throws in
            let count = try await store.count()
            #expect(count == 3)
        }
    }

    @Test(arguments: StoreBackend.all) func quotedTautologyIsALiteral(_ backend: StoreBackend) async throws {
        try await withDocuments(backend) { (store) async throws in
            let exact = try await store.list(filter: .compare(.field(.title), .eq, .string("x' OR '1'='1")), limit: 10, offset: 0)
            #expect(exact.documents.map(\.title) == ["x' OR '1'='1"])
            let none = try await store.count(filter: .compare(.field(.title), .eq, .string("y' OR '1'='1")))
            #expect(none == 0)
            // The same value through the string parser, with '' escapes.
            let parsed = try FilterStringParser.parse("title = 'x'' OR ''1''=''1'")
            let viaString = try await store.list(filter: parsed, limit: 10, offset: 0)
            #expect(viaString.documents.map(\.title) == ["x' OR '1'='1"])
        }
    }

    @Test(arguments: StoreBackend.all) func dropTableValueIsStoredAndComparedLiterally(_ backend: StoreBackend) async throws {
        try await withDocuments(backend) { (store) async throws in
            let filter = Filter.compare(.field(.status), .eq, .string(Self.drop))
            let matches = try await store.list(filter: filter, limit: 10, offset: 0)
            #expect(matches.documents.map(\.status) == [Self.drop])
            let parsed = try FilterStringParser.parse("status = '''; DROP TABLE documents; --'")
            #expect(parsed == filter)
            #expect(try await store.count(filter: parsed) == 1)
            #expect(try await store.count(filter: .compare(.field(.status), .in, .list([.string(Self.drop)]))) == 1)
            #expect(try await store.textSearch(query: Self.drop, limit: 10).count >= 0)
            // The table is still there and intact.
            #expect(try await store.count() == 3)
            _ = try await store.add(Document(title: "after"))
            #expect(try await store.count() == 4)
        }
    }

    @Test(arguments: StoreBackend.all) func hostileMetadataKeysAndValuesAreBound(_ backend: StoreBackend) async throws {
        try await withDocuments(backend) { (store) async throws in
            let path = FilterPath.customMetadata("k\"ey')")
            #expect(try await store.count(filter: .compare(path, .eq, .string("v'); DROP TABLE documents; --"))) == 1)
            #expect(try await store.count(filter: .compare(path, .exists, .bool(true))) == 1)
            #expect(try await store.count(filter: .compare(.customMetadata("') OR 1=1 --"), .exists, .bool(true))) == 0)
            #expect(try await store.count(filter: .compare(.customMetadata("$.\"k\""), .eq, .string("v"))) == 0)
            #expect(try await store.count() == 3)
        }
    }

    @Test func commentAndStatementTokensAreRejected() {
        for text in ["title = 'x' --", "title = 'x' /**/", "title = 'x';", "title = 'x'; --", "-- title = 'x'"] {
            guard case .syntax = filterError({ _ = try FilterStringParser.parse(text) }) else {
                Issue.record("\(text) should be a syntax error")
                continue
            }
        }
    }
}
