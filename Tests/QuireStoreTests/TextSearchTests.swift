import Foundation
import Testing
@testable import QuireStore

@Suite("Full-text search")
struct TextSearchTests {
    /// Eight documents whose BM25 order for the test queries is clear-cut.
    static let corpus: [Document] = [
        Document(title: "Swift concurrency guide",
                 textContent: "Actors and tasks make Swift concurrency safe. Structured concurrency keeps tasks in order.",
                 tags: ["swift"]),
        Document(title: "Cooking pasta", textContent: "Boil water, add salt and cook the pasta for ten minutes.",
                 tags: ["food"]),
        Document(title: "Gardening basics", textContent: "Water the tomatoes every morning and mulch the beds.",
                 tags: ["garden"]),
        Document(title: "Swift on Linux",
                 textContent: "Build packages on Linux servers with the open source toolchain and a long list of "
                     + "other tools, containers, continuous integration, caching and deployment scripts.",
                 tags: ["swift"]),
        Document(title: "History of Rome", textContent: "Rome was not built in a day.", tags: ["history"]),
        Document(title: "Concurrency in Go", textContent: "Goroutines and channels.", tags: ["go"]),
        Document(title: "Bird watching",
                 textContent: "The common swift is a fast bird that rarely lands; watching birds needs patience, "
                     + "binoculars, a notebook and quiet mornings in the field.",
                 tags: ["nature"]),
        Document(title: "Empty notes", tags: ["misc"]),
    ]

    private func withCorpus(_ backend: StoreBackend, _ body: (DocumentStore) async throws -> Void) async throws {
        try await withStore(backend) { (store) async throws in
            _ = try await store.add(Self.corpus)
            try await body(store)
        }
    }

    @Test(arguments: StoreBackend.all) func ranksByBM25WithTitleWeighted(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let swift = try await store.textSearch(query: "swift", limit: 10)
            #expect(swift.map(\.document.title) == ["Swift concurrency guide", "Swift on Linux", "Bird watching"])
            #expect(zip(swift, swift.dropFirst()).allSatisfy { $0.score > $1.score })

            let concurrency = try await store.textSearch(query: "Concurrency", limit: 10)
            #expect(concurrency.map(\.document.title) == ["Swift concurrency guide", "Concurrency in Go"])

            // OR-combined terms: a document with both words leads, one with either still ranks.
            let both = try await store.textSearch(query: "swift rome", limit: 10)
            #expect(Set(both.map(\.document.title)) == ["Swift concurrency guide", "Swift on Linux", "Bird watching",
                                                         "History of Rome"])
            let limited = try await store.textSearch(query: "swift", limit: 1)
            #expect(limited.map(\.document.title) == ["Swift concurrency guide"])
        }
    }

    @Test(arguments: StoreBackend.all) func snippetsMarkTheMatchedTerm(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let hits = try await store.textSearch(query: "tomatoes", limit: 5)
            let hit = try #require(hits.first)
            #expect(hits.count == 1)
            #expect(hit.document.title == "Gardening basics")
            #expect(hit.snippet?.contains("**tomatoes**") == true)
            #expect(hit.document.textContent != nil)
            for swiftHit in try await store.textSearch(query: "swift", limit: 5) {
                #expect(swiftHit.snippet?.lowercased().contains("**swift**") == true, "\(swiftHit.snippet ?? "nil")")
            }
        }
    }

    @Test(arguments: StoreBackend.all, [
        "\"", "\"swift", "swift*", "*", "NEAR(swift concurrency, 2)", "NEAR(", "OR", "swift OR", "AND NOT",
        "-swift", "-", "title:rome", ":", "(swift", ")", "^swift", "swift + {rome}", "'; DROP TABLE documents; --",
        "", "   ", "🦅", "\\", "x\u{0}y", "\u{301}", "a\u{301}", "\u{200B}swift", "\u{E000}",
    ])
    func ftsSyntaxInQueriesIsPlainText(backend: StoreBackend, query: String) async throws {
        try await withCorpus(backend) { (store) async throws in
            let hits = try await store.textSearch(query: query, limit: 10)
            let words = FullTextQuery.words(in: query).map { $0.lowercased() }
            if words.contains("swift") {
                #expect(hits.contains { $0.document.title == "Swift concurrency guide" })
            }
            if words.contains("rome") {
                #expect(hits.contains { $0.document.title == "History of Rome" })
            }
            if words.isEmpty {
                #expect(hits.isEmpty)
            }
            #expect(try await store.count() == Self.corpus.count)
        }
    }

    @Test func queryConstructionQuotesEveryWord() {
        #expect(FullTextQuery.build("NEAR(a b) OR c*") == "\"NEAR\" OR \"a\" OR \"b\" OR \"OR\" OR \"c\"")
        #expect(FullTextQuery.build("Café café CAFÉ") == "\"Café\"")
        #expect(FullTextQuery.build("-:*()\"") == nil)
        let many = (0..<100).map { "w\($0)" }.joined(separator: " ")
        #expect(FullTextQuery.words(in: many).count == FullTextQuery.maximumTerms)
    }

    @Test(arguments: StoreBackend.all) func filterAppliesBeforeRanking(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let filter = Filter.compare(.field(.tags), .any, .list([.string("nature")]))
            let hits = try await store.textSearch(query: "swift", filter: filter, limit: 1)
            #expect(hits.map(\.document.title) == ["Bird watching"])
        }
    }

    @Test(arguments: StoreBackend.all) func indexFollowsUpdatesAndDeletes(_ backend: StoreBackend) async throws {
        try await withCorpus(backend) { (store) async throws in
            let rome = try #require(try await store.textSearch(query: "rome", limit: 1).first?.document)
            _ = try await store.update(uuid: rome.uuid) {
                $0.title = "History of Carthage"
                $0.textContent = "Carthage fell in 146 BC."
            }
            #expect(try await store.textSearch(query: "rome", limit: 5).isEmpty)
            #expect(try await store.textSearch(query: "carthage", limit: 5).map(\.document.uuid) == [rome.uuid])
            // Updates that leave title and text alone keep the index entry.
            _ = try await store.update(uuid: rome.uuid) { $0.status = "reviewed" }
            #expect(try await store.textSearch(query: "carthage", limit: 5).map(\.document.uuid) == [rome.uuid])
            _ = try await store.delete(uuid: rome.uuid)
            #expect(try await store.textSearch(query: "carthage", limit: 5).isEmpty)
        }
    }
}
