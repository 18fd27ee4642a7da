/// A relationship together with the document that holds it, as returned by reverse lookups.
public struct RelationshipLink: Sendable, Equatable {
    /// The uuid of the document holding the relationship.
    public var sourceUUID: String
    /// The relationship's index in the source document's `relationships` list.
    public var ordinal: Int
    /// The relationship itself.
    public var relationship: Relationship

    /// Creates a link.
    public init(sourceUUID: String, ordinal: Int, relationship: Relationship) {
        self.sourceUUID = sourceUUID
        self.ordinal = ordinal
        self.relationship = relationship
    }
}
