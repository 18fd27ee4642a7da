/// How a relationship's source relates to its target, ContextFrame's relationship `type`.
public enum RelationshipType: String, CaseIterable, Sendable, Hashable {
    /// The target is the source's parent.
    case parent
    /// The target is the source's child.
    case child
    /// The two records are related without hierarchy.
    case related
    /// The source cites the target.
    case reference
    /// The source contains the target.
    case contains
    /// The source is a member of the target.
    case memberOf = "member_of"
}
