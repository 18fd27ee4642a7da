/// Figures describing a store, for `dataset/info` and `dataset/stats`.
public struct StoreInfo: Sendable, Equatable {
    /// The store's file path.
    public var path: String
    /// How many records the store holds, of every record type.
    public var totalDocuments: Int
    /// The store version: the sequence number of the last change, 0 for a store never written.
    public var version: Int
    /// The fixed length of every embedding.
    public var embeddingDimension: Int
    /// How many records there are of each record type (types with none are absent).
    public var recordTypeCounts: [RecordType: Int]
    /// How many records have an embedding.
    public var documentsWithEmbeddings: Int
    /// The mean length of `text_content` in characters over all records (absent text counts as 0).
    public var averageContentLength: Double

    /// Creates store figures.
    public init(
        path: String,
        totalDocuments: Int,
        version: Int,
        embeddingDimension: Int,
        recordTypeCounts: [RecordType: Int],
        documentsWithEmbeddings: Int,
        averageContentLength: Double
    ) {
        self.path = path
        self.totalDocuments = totalDocuments
        self.version = version
        self.embeddingDimension = embeddingDimension
        self.recordTypeCounts = recordTypeCounts
        self.documentsWithEmbeddings = documentsWithEmbeddings
        self.averageContentLength = averageContentLength
    }
}
