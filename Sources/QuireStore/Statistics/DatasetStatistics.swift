import Foundation

/// Figures describing a store's contents, for `get_dataset_stats` and `contextframe://dataset/stats`.
public struct DatasetStatistics: Sendable, Equatable {
    /// One collection and how many records it holds.
    public struct CollectionCount: Sendable, Equatable {
        /// The collection id (its header's uuid), or its name when records name a collection without an id.
        public var id: String
        /// The collection's name, when known.
        public var name: String?
        /// Records in the collection, collection headers excluded.
        public var members: Int
        /// Whether a `collection_header` record describes the collection.
        public var hasHeader: Bool

        /// Creates a collection count.
        public init(id: String, name: String?, members: Int, hasHeader: Bool) {
            self.id = id
            self.name = name
            self.members = members
            self.hasHeader = hasHeader
        }
    }

    /// Every record, of every type.
    public var totalDocuments: Int
    /// Records per record type name.
    public var recordTypeCounts: [String: Int]
    /// Records with an embedding.
    public var documentsWithEmbeddings: Int
    /// Mean `text_content` length in characters (absent text counts as 0).
    public var averageContentLength: Double
    /// Total `text_content` size in bytes.
    public var totalContentBytes: Int64
    /// Total raw-data size in bytes.
    public var totalRawDataBytes: Int64
    /// Collections with their member counts, largest first.
    public var collections: [CollectionCount]
    /// Records per status (records without one are absent).
    public var statusCounts: [String: Int]
    /// Distinct tags in use.
    public var distinctTags: Int
    /// How many sampled records use each `custom_metadata` key.
    public var metadataKeyCounts: [String: Int]
    /// How many records the metadata-key counts looked at.
    public var metadataSampleSize: Int
    /// The earliest and latest `created_at`, and the latest `updated_at`.
    public var oldestCreatedAt: Date?
    /// The newest creation time; `nil` for an empty store.
    public var newestCreatedAt: Date?
    /// The newest update time; `nil` for an empty store.
    public var newestUpdatedAt: Date?

    /// Creates dataset statistics.
    public init(
        totalDocuments: Int, recordTypeCounts: [String: Int], documentsWithEmbeddings: Int, averageContentLength: Double,
        totalContentBytes: Int64, totalRawDataBytes: Int64, collections: [CollectionCount], statusCounts: [String: Int],
        distinctTags: Int, metadataKeyCounts: [String: Int], metadataSampleSize: Int,
        oldestCreatedAt: Date?, newestCreatedAt: Date?, newestUpdatedAt: Date?
    ) {
        self.totalDocuments = totalDocuments
        self.recordTypeCounts = recordTypeCounts
        self.documentsWithEmbeddings = documentsWithEmbeddings
        self.averageContentLength = averageContentLength
        self.totalContentBytes = totalContentBytes
        self.totalRawDataBytes = totalRawDataBytes
        self.collections = collections
        self.statusCounts = statusCounts
        self.distinctTags = distinctTags
        self.metadataKeyCounts = metadataKeyCounts
        self.metadataSampleSize = metadataSampleSize
        self.oldestCreatedAt = oldestCreatedAt
        self.newestCreatedAt = newestCreatedAt
        self.newestUpdatedAt = newestUpdatedAt
    }
}
