import Foundation
import MCP
import MCPServer
import QuireStore

/// `contextframe://collections` (the `list_collections` result with its defaults, up to 1000
/// collections) and `contextframe://collections/{uuid}` (one collection with statistics).
struct CollectionResources: Sendable {
    let store: DocumentStore

    /// The URI of the collection list.
    static let listURI = "contextframe://collections"
    /// The template of one collection's URI.
    static let collectionTemplate = "contextframe://collections/{uuid}"

    func register(in registry: inout ResourceRegistry) {
        registry.register(ResourceDefinition(
            Resource(uri: Self.listURI, name: "collections", title: "Collections",
                     description: "Every collection with its shared metadata, member count and statistics, by name.",
                     mimeType: "application/json")
        ) { uri, _, _ in
            let list = try await CollectionTools.list(
                store: store, parent: nil, includeStatistics: true, includeEmpty: true, sort: .name,
                limit: 1000, offset: 0
            )
            return json(uri, list)
        })
        registry.register(ResourceTemplateDefinition(
            ResourceTemplate(uriTemplate: Self.collectionTemplate, name: "collection", title: "Collection",
                             description: "One collection: its info, statistics over nested sub-collections, and its direct sub-collections.",
                             mimeType: "application/json"),
            completer: { variable, prefix, _ in
                guard variable == "uuid" else { return [] }
                return try await store.collectionIDs(withPrefix: prefix, limit: 100)
            }
        ) { uri, variables, _ in
            // Only uuids: a name could be ambiguous, and the template promises a uuid.
            guard let id = variables["uuid"], UUID(uuidString: id) != nil else { throw ResourceNotFound(uri: uri) }
            do {
                return json(uri, CollectionJSON.report(try await store.collectionReport(id, includeSubcollections: true)))
            } catch StoreError.collectionNotFound {
                throw ResourceNotFound(uri: uri)
            }
        })
    }

    private func json(_ uri: String, _ value: JSONValue) -> ReadResourceResult {
        ReadResourceResult(contents: [ResourceContents(uri: uri, mimeType: "application/json", text: value.prettyJSONString)])
    }
}
