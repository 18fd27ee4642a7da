import MCP
import MCPServer
import QuireStore

/// Readies documents for the store the same way everywhere (extraction, batch tools, `quire
/// import`): membership in a collection and embeddings for those without one.
struct DocumentIngest: Sendable {
    let store: DocumentStore
    let embedder: (any Embedder)?

    /// How the embeddings of a set of documents came about.
    enum EmbeddingStatus: String, Sendable {
        /// Every document brought its own embedding.
        case stored
        /// At least one embedding was computed by the server's provider.
        case generated
        /// Some documents have no embedding: generation was off or no provider is configured.
        case skipped
    }

    /// `documents` placed in `collection` (a collection header) with missing embeddings generated
    /// when asked and possible.
    func prepare(_ documents: [Document], collection: Document?, generateEmbeddings: Bool) async throws -> ([Document], EmbeddingStatus) {
        var prepared = documents
        if let collection {
            for index in prepared.indices {
                prepared[index].collection = collection.title
                prepared[index].collectionID = collection.uuid
                prepared[index].collectionIDType = "uuid"
            }
        }
        let missing = prepared.indices.filter { prepared[$0].embedding == nil }
        guard !missing.isEmpty else { return (prepared, .stored) }
        guard generateEmbeddings, embedder != nil else { return (prepared, .skipped) }
        let texts = missing.map { prepared[$0].textContent ?? prepared[$0].title }
        guard let vectors = try await DocumentTools(store: store, embedder: embedder).embed(texts) else { return (prepared, .skipped) }
        for (index, vector) in zip(missing, vectors) { prepared[index].embedding = vector }
        return (prepared, .generated)
    }

    /// The collection header named or identified by `reference`, or `nil` for no collection.
    func collection(_ reference: String?) async throws -> Document? {
        guard let reference, !reference.isEmpty else { return nil }
        return try await CollectionLookup.header(reference, in: store)
    }
}
