import Foundation
import Testing
import QuireStore

@Suite("Structured filters")
struct FilterTests {
    static let weirdKey = "we\"ird')key"

    static func date(_ text: String) -> Date {
        Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0)
    }

    static let alphaUUID = "aaaaaaaa-0000-4000-8000-000000000001"

    static let corpus: [Document] = [
        Document(uuid: alphaUUID, title: "Alpha", position: 1, author: "Ann", contributors: ["ann"], tags: ["ai", "ml"],
                 createdAt: date("2025-01-10T12:00:00Z"), status: "draft",
                 customMetadata: ["team": "core", "priority": "5"]),
        Document(title: "Beta", position: 2, tags: ["ai"], createdAt: date("2025-03-01T08:00:00Z"), status: "published",
                 customMetadata: ["team": "docs", "priority": "10"]),
        Document(title: "Gamma", createdAt: date("2025-03-01"),
                 customMetadata: [weirdKey: "yes", "priority": "high"], recordType: .collectionHeader),
        Document(title: "Delta", position: 0, contributors: ["bob", "ann"], tags: ["ml", "rust"],
                 createdAt: date("2024-12-31T23:59:59.999Z"), status: "archived",
                 relationships: [Relationship(type: .parent, id: alphaUUID)]),
        Document(title: "x' OR '1'='1", textContent: "Injection sample", createdAt: date("2025-06-01"),
                 status: "'; DROP TABLE documents; --"),
    ]

    private func withCorpus(_ backend: StoreBackend, _ body: (DocumentStore) async throws -> Void) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            try await body(store)
        }
    }

    private func titles(_ store: DocumentStore, _ filter: Filter) async throws -> Set<String> {
        let page = try await store.list(filter: filter, limit: 100, offset: 0)
        #expect(page.totalCount == page.documents.count)
        #expect(try await store.count(filter: filter) == page.totalCount)
        return Set(page.documents.map(\.title))
    }

    private static func field(_ field: DocumentField, _ op: FilterOperator, _ value: FilterValue) -> Filter {
        .compare(.field(field), op, value)
    }

    static let injectionTitle = "x' OR '1'='1"

    @Test(arguments: StoreBackend.all) func comparisonOperatorsOnTextAndIntegers(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            #expect(try await titles(store, Self.field(.title, .eq, .string("Alpha"))) == ["Alpha"])
            #expect(try await titles(store, Self.field(.status, .eq, .null)) == ["Gamma"])
            // ne includes documents where the field is absent.
            #expect(try await titles(store, Self.field(.status, .ne, .string("draft")))
                == ["Beta", "Gamma", "Delta", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.status, .ne, .null))
                == ["Alpha", "Beta", "Delta", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.position, .lt, .int(2))) == ["Alpha", "Delta"])
            #expect(try await titles(store, Self.field(.position, .lte, .int(2))) == ["Alpha", "Beta", "Delta"])
            #expect(try await titles(store, Self.field(.position, .gt, .int(0))) == ["Alpha", "Beta"])
            #expect(try await titles(store, Self.field(.position, .gte, .double(0.5))) == ["Alpha", "Beta"])
            #expect(try await titles(store, Self.field(.title, .gt, .string("Delta"))) == ["Gamma", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.status, .in, .list([.string("draft"), .string("archived")])))
                == ["Alpha", "Delta"])
            // nin, like ne, includes absent values.
            #expect(try await titles(store, Self.field(.status, .nin, .list([.string("draft"), .string("archived")])))
                == ["Beta", "Gamma", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.status, .in, .list([]))) == [])
            #expect(try await titles(store, Self.field(.status, .nin, .list([]))).count == 5)
            #expect(try await titles(store, Self.field(.status, .exists, .bool(true)))
                == ["Alpha", "Beta", "Delta", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.status, .exists, .bool(false))) == ["Gamma"])
            #expect(try await titles(store, Self.field(.title, .contains, .string("lph"))) == ["Alpha"])
            // contains is a case-sensitive literal substring test; % and _ are not wildcards.
            #expect(try await titles(store, Self.field(.title, .contains, .string("ALPH"))) == [])
            #expect(try await titles(store, Self.field(.title, .contains, .string("%"))) == [])
            #expect(try await titles(store, Self.field(.textContent, .contains, .string("sample")))
                == [Self.injectionTitle])
            #expect(try await titles(store, Self.field(.uuid, .eq, .string(Self.alphaUUID.uppercased()))) == ["Alpha"])
            #expect(try await titles(store, Self.field(.recordType, .eq, .string("collection_header"))) == ["Gamma"])
        }
    }

    @Test(arguments: StoreBackend.all) func listOperators(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            #expect(try await titles(store, Self.field(.tags, .any, .list([.string("rust"), .string("ai")])))
                == ["Alpha", "Beta", "Delta"])
            #expect(try await titles(store, Self.field(.tags, .any, .string("ml"))) == ["Alpha", "Delta"])
            #expect(try await titles(store, Self.field(.tags, .all, .list([.string("ai"), .string("ml")]))) == ["Alpha"])
            #expect(try await titles(store, Self.field(.tags, .all, .list([.string("ml")]))) == ["Alpha", "Delta"])
            #expect(try await titles(store, Self.field(.tags, .all, .list([]))).count == 5)
            #expect(try await titles(store, Self.field(.tags, .any, .list([]))) == [])
            #expect(try await titles(store, Self.field(.contributors, .eq, .string("ann"))) == ["Alpha", "Delta"])
            #expect(try await titles(store, Self.field(.contributors, .contains, .string("bob"))) == ["Delta"])
            #expect(try await titles(store, Self.field(.contributors, .ne, .string("ann")))
                == ["Beta", "Gamma", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.tags, .in, .list([.string("rust")]))) == ["Delta"])
            #expect(try await titles(store, Self.field(.tags, .nin, .list([.string("ai")])))
                == ["Gamma", "Delta", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.tags, .exists, .bool(true))) == ["Alpha", "Beta", "Delta"])
            #expect(try await titles(store, Self.field(.tags, .exists, .bool(false))) == ["Gamma", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.relationships, .exists, .bool(true))) == ["Delta"])
            #expect(try await titles(store, Self.field(.customMetadata, .exists, .bool(false)))
                == ["Delta", Self.injectionTitle])
        }
    }

    @Test(arguments: StoreBackend.all) func booleanCombinators(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let draft = Self.field(.status, .eq, .string("draft"))
            let ai = Self.field(.tags, .any, .string("ai"))
            #expect(try await titles(store, .and([draft, ai])) == ["Alpha"])
            #expect(try await titles(store, .or([draft, ai])) == ["Alpha", "Beta"])
            // not(eq) equals ne, absent values included.
            #expect(try await titles(store, .not(draft)) == (try await titles(store, Self.field(.status, .ne, .string("draft")))))
            #expect(try await titles(store, .not(.or([draft, ai]))) == ["Gamma", "Delta", Self.injectionTitle])
            #expect(try await titles(store, .and([])).count == 5)
            #expect(try await titles(store, .or([])) == [])
            #expect(try await titles(store, .not(.not(ai))) == ["Alpha", "Beta"])
        }
    }

    @Test(arguments: StoreBackend.all) func customMetadataKeys(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let team = FilterPath.customMetadata("team")
            #expect(try await titles(store, .compare(team, .eq, .string("core"))) == ["Alpha"])
            #expect(try await titles(store, .compare(team, .ne, .string("core")))
                == ["Beta", "Gamma", "Delta", Self.injectionTitle])
            #expect(try await titles(store, .compare(team, .exists, .bool(true))) == ["Alpha", "Beta"])
            #expect(try await titles(store, .compare(team, .in, .list([.string("docs"), .string("x")]))) == ["Beta"])
            #expect(try await titles(store, .compare(team, .contains, .string("or"))) == ["Alpha"])
            // Numbers compare numerically with values that read as numbers; text compares as text.
            let priority = FilterPath.customMetadata("priority")
            #expect(try await titles(store, .compare(priority, .gt, .int(6))) == ["Beta"])
            #expect(try await titles(store, .compare(priority, .lte, .double(5.0))) == ["Alpha"])
            #expect(try await titles(store, .compare(priority, .gt, .string("6"))) == ["Gamma"])
            #expect(try await titles(store, .compare(priority, .in, .list([.int(5), .int(10)]))) == ["Alpha", "Beta"])
            // A key with quotes and a parenthesis is just a bound value.
            #expect(try await titles(store, .compare(.customMetadata(Self.weirdKey), .eq, .string("yes"))) == ["Gamma"])
            #expect(try await titles(store, .compare(try FilterPath.parse(path: "custom_metadata." + Self.weirdKey),
                                                     .exists, .bool(true))) == ["Gamma"])
            #expect(try await titles(store, .compare(.customMetadata("missing"), .eq, .null)).count == 5)
        }
    }

    @Test(arguments: StoreBackend.all) func timestampsCompareAsInstants(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            #expect(try await titles(store, Self.field(.createdAt, .gte, .string("2025-03-01")))
                == ["Beta", "Gamma", Self.injectionTitle])
            #expect(try await titles(store, Self.field(.createdAt, .lt, .string("2025-01-01"))) == ["Delta"])
            // A date is midnight UTC; an offset is converted before comparing.
            #expect(try await titles(store, Self.field(.createdAt, .eq, .string("2025-03-01"))) == ["Gamma"])
            #expect(try await titles(store, Self.field(.createdAt, .eq, .string("2025-03-01T01:00:00+01:00"))) == ["Gamma"])
            #expect(try await titles(store, .and([
                Self.field(.createdAt, .gt, .string("2025-03-01")),
                Self.field(.createdAt, .lt, .string("2025-03-01T08:00:00.001Z")),
            ])) == ["Beta"])
            #expect(try await titles(store, Self.field(.createdAt, .lte, .string("2024-12-31T23:59:59.999Z"))) == ["Delta"])
            #expect(try await titles(store, Self.field(.createdAt, .in, .list([.string("2025-06-01T00:00:00Z")])))
                == [Self.injectionTitle])
            let updatedToday = Self.field(.updatedAt, .gte, .string(Timestamp.format(Date().addingTimeInterval(-3600))))
            #expect(try await titles(store, updatedToday).count == 5)
        }
    }

    @Test(arguments: [
        (Filter.compare(.field(.title), .any, .list([.string("x")])), "title", "any"),
        (Filter.compare(.field(.title), .lt, .list([.string("x")])), "title", "lt"),
        (Filter.compare(.field(.title), .eq, .int(5)), "title", "eq"),
        (Filter.compare(.field(.title), .eq, .bool(true)), "title", "eq"),
        (Filter.compare(.field(.position), .eq, .string("one")), "position", "eq"),
        (Filter.compare(.field(.position), .contains, .string("1")), "position", "contains"),
        (Filter.compare(.field(.tags), .lt, .string("a")), "tags", "lt"),
        (Filter.compare(.field(.tags), .eq, .list([.string("a")])), "tags", "eq"),
        (Filter.compare(.field(.tags), .in, .string("a")), "tags", "in"),
        (Filter.compare(.field(.status), .in, .string("a")), "status", "in"),
        (Filter.compare(.field(.status), .in, .list([.null])), "status", "in"),
        (Filter.compare(.field(.status), .exists, .string("yes")), "status", "exists"),
        (Filter.compare(.field(.status), .lt, .null), "status", "lt"),
        (Filter.compare(.field(.createdAt), .gt, .int(2025)), "created_at", "gt"),
        (Filter.compare(.field(.createdAt), .contains, .string("2025")), "created_at", "contains"),
        (Filter.compare(.field(.customMetadata), .eq, .string("x")), "custom_metadata", "eq"),
        (Filter.compare(.field(.relationships), .any, .list([])), "relationships", "any"),
        (Filter.compare(.customMetadata("k"), .in, .list([.string("a"), .int(1)])), "custom_metadata.k", "in"),
        (Filter.compare(.customMetadata("k"), .all, .list([.string("a")])), "custom_metadata.k", "all"),
    ])
    func typeErrorsNameFieldAndOperator(filter: Filter, field: String, op: String) async throws {
        let error = filterError { try filter.validate() }
        guard case let .typeMismatch(errorField, errorOperator, _) = error else {
            Issue.record("expected a type mismatch, got \(String(describing: error))")
            return
        }
        #expect(errorField == field && errorOperator == op)
        #expect(error?.description.contains("'\(field)'") == true)
        try await withStore { (store) async throws in
            let storeError = await storeError { _ = try await store.count(filter: filter) }
            #expect(storeError == .filter(error ?? .tooDeep(limit: 0)))
        }
    }

    @Test func invalidValuesAndUnknownFields() async throws {
        #expect(filterError { try Filter.compare(.field(.createdAt), .gte, .string("last tuesday")).validate() }
            == .invalidValue(field: "created_at", operator: "gte",
                             reason: "'last tuesday' is not a timestamp; use RFC 3339 (2025-07-05T14:03:22Z) or YYYY-MM-DD"))
        if case .invalidValue = filterError({ try Filter.compare(.field(.recordType), .eq, .string("folder")).validate() }) {
        } else {
            Issue.record("record_type value should be checked")
        }
        if case .invalidValue = filterError({ try Filter.compare(.field(.position), .eq, .double(.nan)).validate() }) {
        } else {
            Issue.record("NaN should be rejected")
        }
        #expect(filterError { _ = try FilterPath.parse(path: "colour") } == .unknownField("colour"))
        #expect(filterError { _ = try FilterPath.parse(path: "custom_metadata.") } == .unknownField("custom_metadata."))
        #expect(filterError { _ = try FilterPath.parse(path: "vector") } == .unknownField("vector"))
        #expect(try FilterPath.parse(path: "custom_metadata.a.b") == .customMetadata("a.b"))
        #expect(try FilterPath.parse(path: "text_content") == .field(.textContent))
        var deep = Filter.compare(.field(.title), .eq, .string("x"))
        for _ in 0..<40 { deep = .not(deep) }
        #expect(filterError { try deep.validate() } == .tooDeep(limit: Filter.maximumDepth))
    }
}
