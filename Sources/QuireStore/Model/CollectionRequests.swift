/// What ``DocumentStore/createCollection(_:)`` makes.
public struct NewCollection: Sendable, Equatable {
    /// The name; unique among the collection's siblings.
    public var name: String
    /// What the collection is for; stored as the header's `context`.
    public var description: String?
    /// The parent collection, by uuid or name; `nil` for a top-level collection.
    public var parent: String?
    /// The template the collection came from, recorded as `custom_metadata.collection_template`.
    public var template: String?
    /// Shared metadata, recorded as `custom_metadata.shared_<key>`.
    public var sharedMetadata: [String: String]
    /// Records to put in the collection, by uuid; each succeeds or fails on its own.
    public var initialMembers: [String]

    /// Describes a new collection.
    public init(
        name: String,
        description: String? = nil,
        parent: String? = nil,
        template: String? = nil,
        sharedMetadata: [String: String] = [:],
        initialMembers: [String] = []
    ) {
        self.name = name
        self.description = description
        self.parent = parent
        self.template = template
        self.sharedMetadata = sharedMetadata
        self.initialMembers = initialMembers
    }
}

/// The changes ``DocumentStore/updateCollection(_:_:)`` makes; everything is optional.
public struct CollectionEdit: Sendable, Equatable {
    /// A new name, kept in sync in every member's `collection`.
    public var name: String?
    /// A new description; an empty string removes it.
    public var description: String?
    /// Shared metadata to set (a value) or remove (`nil`), key by key.
    public var sharedMetadata: [String: String?]
    /// Records to take out of the collection (done before additions).
    public var removeMembers: [String]
    /// Records to put in; a record already in another collection fails (move it instead).
    public var addMembers: [String]

    /// Describes changes to a collection.
    public init(
        name: String? = nil,
        description: String? = nil,
        sharedMetadata: [String: String?] = [:],
        removeMembers: [String] = [],
        addMembers: [String] = []
    ) {
        self.name = name
        self.description = description
        self.sharedMetadata = sharedMetadata
        self.removeMembers = removeMembers
        self.addMembers = addMembers
    }
}

/// The order of ``DocumentStore/collections(parent:includeEmpty:sort:limit:offset:includeStatistics:)``.
public enum CollectionSort: String, Sendable, CaseIterable {
    /// By name, A to Z.
    case name
    /// Newest first.
    case createdAt = "created_at"
    /// Most direct members first.
    case memberCount = "member_count"
}
