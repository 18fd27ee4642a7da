import MCP
import MCPServer
import QuireStore

/// The six core ContextFrame document tools over one store.
struct DocumentTools: Sendable {
    let store: DocumentStore
    let embedder: (any Embedder)?
    /// Told about every search (type, filter shape, result count) for the usage log.
    var searchObserver: (any SearchObserver)? = nil

    var definitions: [ToolDefinition] {
        [searchDocuments, addDocument, getDocument, listDocuments, updateDocument, deleteDocument]
    }

    /// Embeds `texts` with the configured embedder, checking the dimension against the store's.
    func embed(_ texts: [String]) async throws -> [[Float]]? {
        guard let embedder else { return nil }
        let vectors: [[Float]]
        do {
            vectors = try await embedder.embed(texts)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError.embedding("the embedding provider failed: \(error)")
        }
        guard vectors.count == texts.count else { throw ToolError.embedding("the provider returned \(vectors.count) vectors for \(texts.count) texts") }
        if let wrong = vectors.first(where: { $0.count != store.embeddingDimension }) {
            throw ToolError.embedding("the provider's vectors have \(wrong.count) dimensions but the store's have \(store.embeddingDimension)")
        }
        return vectors
    }

    /// Checks a client-supplied vector before it reaches the store.
    func checkDimension(_ vector: [Float], argument: String) throws {
        guard vector.count == store.embeddingDimension else {
            throw ToolError.embedding("\(argument) has \(vector.count) dimensions but this store's embeddings have \(store.embeddingDimension)")
        }
    }
}
