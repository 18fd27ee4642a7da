/// Turns text into embedding vectors for vector and hybrid search.
///
/// Quire accepts client-supplied vectors everywhere; an embedder lets it make them itself.
public protocol Embedder: Sendable {
    /// The model's output dimension; must equal the store's.
    var dimension: Int { get }
    /// One vector per input text, in order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}
