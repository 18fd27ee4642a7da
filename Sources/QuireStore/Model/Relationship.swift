/// A typed link from the document that holds it to a target record or resource.
///
/// The target is named by at least one of ``id``, ``uri``, ``path`` or ``cid``; the store
/// rejects a relationship with none of them.
public struct Relationship: Sendable, Equatable, Hashable {
    /// How the holder relates to the target.
    public var type: RelationshipType
    /// The target record's uuid (or another identifier).
    public var id: String?
    /// The target's URI.
    public var uri: String?
    /// The target's local file path.
    public var path: String?
    /// The target's IPFS content identifier.
    public var cid: String?
    /// A human-readable title for the target.
    public var title: String?
    /// Why the two are linked.
    public var description: String?

    /// Creates a relationship; give at least one of `id`, `uri`, `path` or `cid`.
    public init(
        type: RelationshipType,
        id: String? = nil,
        uri: String? = nil,
        path: String? = nil,
        cid: String? = nil,
        title: String? = nil,
        description: String? = nil
    ) {
        self.type = type
        self.id = id
        self.uri = uri
        self.path = path
        self.cid = cid
        self.title = title
        self.description = description
    }

    /// Whether the relationship names a target (a non-empty id, uri, path or cid).
    public var hasTarget: Bool {
        [id, uri, path, cid].contains { !($0 ?? "").isEmpty }
    }
}
