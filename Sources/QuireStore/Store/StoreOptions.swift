/// How ``DocumentStore/open(path:options:)`` opens or creates a store.
public struct StoreOptions: Sendable, Equatable {
    /// The embedding dimension for a new store. An existing store keeps the dimension it was created with.
    public var embeddingDimension: Int
    /// Open an existing store for reading only; every write then fails with ``StoreError/readOnly(path:)``.
    public var readOnly: Bool
    /// The most memory, in bytes, the in-memory vector index may take (4 bytes per embedding
    /// component, plus a little per document). Past it, vector search scans the table instead.
    public var vectorIndexMemoryLimit: Int

    /// The default ``vectorIndexMemoryLimit``: 2 GiB, about 1.3 million 384-dimension embeddings.
    public static let defaultVectorIndexMemoryLimit = 2 << 30

    /// Creates options; the defaults create a 1536-dimension store opened for writing.
    public init(
        embeddingDimension: Int = 1536,
        readOnly: Bool = false,
        vectorIndexMemoryLimit: Int = StoreOptions.defaultVectorIndexMemoryLimit
    ) {
        self.embeddingDimension = embeddingDimension
        self.readOnly = readOnly
        self.vectorIndexMemoryLimit = vectorIndexMemoryLimit
    }
}
