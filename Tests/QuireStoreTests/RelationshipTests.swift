import Testing
import QuireStore

@Suite("Relationship index")
struct RelationshipTests {
    @Test(arguments: StoreBackend.all) func reverseLookupsFollowWrites(_ backend: StoreBackend) async throws {
        try await withStore(backend) { (store) async throws in
            let parent = try await store.add(Document(title: "Parent"))
            let child = try await store.add(Document(title: "Child", relationships: [
                Relationship(type: .parent, id: parent.uuid.uppercased(), title: "Up"),
                Relationship(type: .reference, uri: "https://example.com/spec", description: "Spec"),
            ]))
            let sibling = try await store.add(Document(title: "Sibling", relationships: [
                Relationship(type: .related, id: parent.uuid),
            ]))

            let links = try await store.relationships(targeting: parent.uuid)
            #expect(links.map(\.sourceUUID).sorted() == [child.uuid, sibling.uuid].sorted())
            let childLink = try #require(links.first { $0.sourceUUID == child.uuid })
            #expect(childLink.ordinal == 0)
            #expect(childLink.relationship.type == .parent && childLink.relationship.title == "Up")
            // The stored document keeps the id as written.
            #expect(try await store.get(uuid: child.uuid)?.relationships.first?.id == parent.uuid.uppercased())

            let byURI = try await store.relationships(targeting: "https://example.com/spec")
            #expect(byURI.map(\.sourceUUID) == [child.uuid])
            #expect(byURI.first?.ordinal == 1 && byURI.first?.relationship.description == "Spec")

            _ = try await store.update(uuid: child.uuid) { $0.relationships = [] }
            #expect(try await store.relationships(targeting: parent.uuid).map(\.sourceUUID) == [sibling.uuid])
            _ = try await store.delete(uuid: sibling.uuid)
            #expect(try await store.relationships(targeting: parent.uuid).isEmpty)
            #expect(try await store.relationships(targeting: "https://example.com/spec").isEmpty)
        }
    }
}
