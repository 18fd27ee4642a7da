/// Aggregates over the relationship index, optionally limited to some relationship types.
///
/// A relationship *resolves* when its `id` names a record in the store; it *dangles* when its
/// `id` names none; it is *external* when it has no `id` (only a uri, path or cid).
public struct RelationshipStatistics: Sendable, Equatable {
    /// Relationships counted.
    public var totalRelationships: Int
    /// How many of each type (types with none are absent).
    public var countsByType: [RelationshipType: Int]
    /// Records with at least one relationship.
    public var sourceDocuments: Int
    /// Distinct records that some relationship resolves to.
    public var targetedDocuments: Int
    /// Relationships whose id names a record in the store.
    public var resolvedRelationships: Int
    /// Relationships whose id names no record.
    public var danglingRelationships: Int
    /// Relationships without an id.
    public var externalRelationships: Int
    /// Documents (record type `document`) with no relationship either way.
    public var orphanCount: Int
    /// The first orphans by uuid, at most the limit asked for.
    public var orphanSample: [String]

    /// Creates relationship statistics.
    public init(
        totalRelationships: Int, countsByType: [RelationshipType: Int], sourceDocuments: Int, targetedDocuments: Int,
        resolvedRelationships: Int, danglingRelationships: Int, externalRelationships: Int,
        orphanCount: Int, orphanSample: [String]
    ) {
        self.totalRelationships = totalRelationships
        self.countsByType = countsByType
        self.sourceDocuments = sourceDocuments
        self.targetedDocuments = targetedDocuments
        self.resolvedRelationships = resolvedRelationships
        self.danglingRelationships = danglingRelationships
        self.externalRelationships = externalRelationships
        self.orphanCount = orphanCount
        self.orphanSample = orphanSample
    }
}

/// One resolved relationship: a record pointing at another record of the store by id.
public struct RelationshipEdge: Sendable, Hashable {
    /// The record holding the relationship.
    public var source: String
    /// The record it points at.
    public var target: String
    /// The relationship's type.
    public var type: RelationshipType

    /// Creates an edge.
    public init(source: String, target: String, type: RelationshipType) {
        self.source = source
        self.target = target
        self.type = type
    }
}
