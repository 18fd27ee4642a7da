import Foundation
import Testing
@testable import QuireStore

/// Words are cut and folded alike on both backends: accents, URLs, numbers with dots and
/// hyphenated words find the same documents on PostgreSQL as with SQLite's FTS5 tokenizer.
@Suite("Text search: the same words on every backend")
struct TextSearchParityTests {
    @Test(arguments: StoreBackend.all) func foldingAndTokenizationMatchFTS5(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let cafe = try await store.add(Document(title: "Café au lait", textContent: "Crème brûlée for dessert."))
            let link = try await store.add(Document(title: "Links", textContent: "See example.com/report, version v3.14 and e-mail."))
            let other = try await store.add(Document(title: "Unrelated", textContent: "Nothing to see."))
            func found(_ query: String) async throws -> [String] {
                try await store.textSearch(query: query, limit: 10).map(\.document.uuid)
            }
            #expect(try await found("cafe") == [cafe.uuid])
            #expect(try await found("CAFÉ") == [cafe.uuid])
            #expect(try await found("creme brulee") == [cafe.uuid])
            #expect(try await found("report") == [link.uuid])
            #expect(try await found("example") == [link.uuid])
            #expect(try await found("14") == [link.uuid])
            #expect(try await found("mail") == [link.uuid])
            #expect(try await found("see").sorted() == [link.uuid, other.uuid].sorted())
            // Renaming moves the title words in the index.
            _ = try await store.update(uuid: cafe.uuid) { $0.title = "Thé vert" }
            #expect(try await found("cafe").isEmpty)
            #expect(try await found("the vert") == [cafe.uuid])
        }
    }
}
