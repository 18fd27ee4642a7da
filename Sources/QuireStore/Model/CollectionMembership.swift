/// Why one record could not join or leave a collection. The rest of the request still happens.
public enum MembershipProblem: Sendable, Equatable, CustomStringConvertible {
    /// The id is not a UUID.
    case invalidUUID
    /// No record has this uuid.
    case notFound
    /// The record is a collection header; collections nest only when they are created.
    case isCollection
    /// The record belongs to another collection; move it instead of adding it.
    case inAnotherCollection(id: String, name: String?)
    /// The record is not in the collection it was to leave.
    case notInCollection(id: String, name: String)

    /// One line saying what went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidUUID:
            return "not a UUID"
        case .notFound:
            return "no document with this uuid"
        case .isCollection:
            return "this is a collection header, not a document"
        case let .inAnotherCollection(id, name):
            return "already in collection '\(name ?? id)' (\(id))"
        case let .notInCollection(id, name):
            return "not a member of collection '\(name)' (\(id))"
        }
    }
}

/// One record a collection change skipped, and why.
public struct MembershipFailure: Sendable, Equatable {
    /// The id as the caller gave it.
    public var documentID: String
    /// Why it was skipped.
    public var problem: MembershipProblem

    /// Records a skipped record.
    public init(documentID: String, problem: MembershipProblem) {
        self.documentID = documentID
        self.problem = problem
    }
}
