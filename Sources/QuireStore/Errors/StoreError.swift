/// Every failure the store reports, each with a one-line, actionable ``description``.
///
/// The store throws only `StoreError` (plus `CancellationError` when the calling task is cancelled,
/// and whatever a caller's own ``DocumentStore/update(uuid:_:)`` closure throws).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not a Quire store (not SQLite, or SQLite without the Quire marker).
    case notAQuireStore(path: String, reason: String)
    /// The file or its directory cannot be written, or the store was opened read-only.
    case readOnly(path: String)
    /// The store cannot be opened or created for another reason (missing directory, newer schema, …).
    case cannotOpen(path: String, reason: String)
    /// No document has this uuid.
    case notFound(uuid: String)
    /// No collection header has this uuid or name.
    case collectionNotFound(reference: String)
    /// A document with this uuid already exists.
    case duplicate(uuid: String)
    /// A document or argument breaks a rule; `field` names the offending field (ContextFrame name).
    case validation(field: String, message: String)
    /// An embedding's length differs from the store's fixed dimension.
    case embeddingDimensionMismatch(expected: Int, got: Int)
    /// A filter or sort key is invalid.
    case filter(FilterError)
    /// The database failed; `message` carries its explanation.
    case database(message: String)
    /// The database server cannot be reached or stopped answering (PostgreSQL); the request may be
    /// retried once it is back. `location` names host, port and database, never the password.
    case unavailable(location: String, reason: String)
    /// This backend cannot do `operation` (yet).
    case unsupported(operation: String, backend: String)

    /// One line saying what went wrong and, where possible, what to do.
    public var description: String {
        switch self {
        case let .notAQuireStore(path, reason):
            return "\(path) is not a Quire store: \(reason)"
        case let .readOnly(path):
            return "\(path) is read-only: Quire needs write access"
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .notFound(uuid):
            return "no document with uuid \(uuid)"
        case let .collectionNotFound(reference):
            return "no collection with uuid or name '\(reference)'"
        case let .duplicate(uuid):
            return "a document with uuid \(uuid) already exists; use update to change it"
        case let .validation(field, message):
            return "invalid \(field): \(message)"
        case let .embeddingDimensionMismatch(expected, got):
            return "embedding has \(got) dimensions but this store's embeddings have \(expected)"
        case let .filter(error):
            return error.description
        case let .database(message):
            return "database error: \(message)"
        case let .unavailable(location, reason):
            return "the database at \(location) is unavailable: \(reason); retry once it is back"
        case let .unsupported(operation, backend):
            return "\(operation) is not available on a \(backend) store yet; use an SQLite store for it"
        }
    }
}
