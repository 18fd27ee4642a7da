/// How ``DocumentStore/open(path:options:)`` opens or creates a store.
public struct StoreOptions: Sendable, Equatable {
    /// The embedding dimension for a new store. An existing store keeps the dimension it was created with.
    public var embeddingDimension: Int
    /// Open an existing store for reading only; every write then fails with ``StoreError/readOnly(path:)``.
    public var readOnly: Bool

    /// Creates options; the defaults create a 1536-dimension store opened for writing.
    public init(embeddingDimension: Int = 1536, readOnly: Bool = false) {
        self.embeddingDimension = embeddingDimension
        self.readOnly = readOnly
    }
}
