import Foundation

/// What ``DocumentStore/createCollection(_:)`` did.
public struct CollectionCreation: Sendable, Equatable {
    /// The new header as stored; its uuid is the collection id.
    public var header: Document
    /// The uuids of the initial members that joined, in request order.
    public var added: [String]
    /// The initial members that did not join.
    public var failures: [MembershipFailure]
}

/// What ``DocumentStore/updateCollection(_:_:)`` did.
public struct CollectionUpdate: Sendable, Equatable {
    /// The header as stored afterwards.
    public var header: Document
    /// Whether the name, description or shared metadata changed.
    public var headerChanged: Bool
    /// The uuids that joined, in request order.
    public var added: [String]
    /// The uuids that left, in request order.
    public var removed: [String]
    /// The records that could not join or leave.
    public var failures: [MembershipFailure]
    /// Direct members after the change.
    public var totalMembers: Int
}

/// What ``DocumentStore/deleteCollection(_:deleteMembers:recursive:)`` did.
public struct CollectionDeletion: Sendable, Equatable {
    /// Deleted collection ids, sub-collections before their parents.
    public var deletedCollections: [String]
    /// Deleted member uuids.
    public var deletedMembers: [String]
    /// Member uuids kept but taken out of the deleted collections.
    public var detachedMembers: [String]
}

/// What ``DocumentStore/moveDocuments(_:from:to:applySharedMetadata:)`` did.
public struct DocumentMove: Sendable, Equatable {
    /// The source collection's header, when one was named.
    public var source: Document?
    /// The target collection's header; `nil` means the records were taken out of their collections.
    public var target: Document?
    /// The uuids now where they were asked to be, in request order.
    public var moved: [String]
    /// The records left where they were.
    public var failures: [MembershipFailure]
}

/// Aggregates over a collection's members (collection headers are never members).
public struct CollectionStatistics: Sendable, Equatable {
    /// Direct members plus, when asked for, members of every nested sub-collection.
    public var totalMembers: Int
    /// Records whose `collection_id` is the collection.
    public var directMembers: Int
    /// Members of nested sub-collections at any depth; 0 when they were not asked for.
    public var subcollectionMembers: Int
    /// UTF-8 bytes of `text_content` plus bytes of `raw_data`, over all counted members.
    public var totalSizeBytes: Int
    /// ``totalSizeBytes`` / ``totalMembers``; 0 for an empty collection.
    public var averageDocumentSize: Double
    /// Every tag of the counted members, once each, sorted.
    public var uniqueTags: [String]
    /// The earliest `created_at` of the counted members.
    public var earliest: Date?
    /// The latest `created_at` of the counted members.
    public var latest: Date?
    /// How many counted members there are of each record type.
    public var memberTypes: [String: Int]
}

/// A collection header with figures about its direct members.
public struct CollectionSummary: Sendable, Equatable {
    /// The header record.
    public var header: Document
    /// Records whose `collection_id` is this collection, sub-collection headers excluded.
    public var memberCount: Int
    /// UTF-8 bytes of `text_content` plus bytes of `raw_data` over the direct members.
    public var totalSizeBytes: Int
    /// Statistics over the direct members, when asked for.
    public var statistics: CollectionStatistics?

    /// The collection id: the header's uuid.
    public var id: String { header.uuid }
    /// The parent collection's id, or `nil` at the top level.
    public var parentID: String? { header.collectionID }
}

/// One page of collections.
public struct CollectionPage: Sendable, Equatable {
    /// The collections on this page.
    public var collections: [CollectionSummary]
    /// How many collections match in all.
    public var totalCount: Int
}

/// A member record with its size, for per-member details.
public struct CollectionMember: Sendable, Equatable {
    /// The record, without text content or raw data.
    public var document: Document
    /// UTF-8 bytes of `text_content` plus bytes of `raw_data`.
    public var sizeBytes: Int
}

/// Everything about one collection, read in one consistent snapshot.
public struct CollectionReport: Sendable, Equatable {
    /// The collection and its direct-member figures.
    public var collection: CollectionSummary
    /// Statistics, over nested sub-collections too when asked for.
    public var statistics: CollectionStatistics
    /// The direct sub-collections, by name; empty unless asked for.
    public var subcollections: [CollectionSummary]
    /// The first direct members by position; empty unless asked for.
    public var members: [CollectionMember]
}
