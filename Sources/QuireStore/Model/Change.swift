import Foundation

/// What a change-log entry records.
public enum ChangeType: String, Sendable, Hashable, CaseIterable {
    /// A record was added.
    case created
    /// A record was modified.
    case updated
    /// A record was removed.
    case deleted
}

/// The kind of resource a change-log entry is about.
public enum ChangeResourceType: String, Sendable, Hashable, CaseIterable {
    /// An ordinary record.
    case document
    /// A collection header record.
    case collection
}

/// One entry of the change log, written in the same transaction as the change it records.
public struct Change: Sendable, Equatable {
    /// The entry's sequence number; the store version right after the change.
    public var seq: Int
    /// When the change was written.
    public var timestamp: Date
    /// Whether the record was created, updated or deleted.
    public var type: ChangeType
    /// Whether the record is a document or a collection header.
    public var resourceType: ChangeResourceType
    /// The record's uuid.
    public var resourceID: String
    /// JSON of the record before the change (no embedding or raw data); `nil` for creations.
    public var before: String?
    /// JSON of the record after the change (no embedding or raw data); `nil` for deletions.
    public var after: String?

    /// Creates a change-log entry.
    public init(
        seq: Int,
        timestamp: Date,
        type: ChangeType,
        resourceType: ChangeResourceType,
        resourceID: String,
        before: String?,
        after: String?
    ) {
        self.seq = seq
        self.timestamp = timestamp
        self.type = type
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.before = before
        self.after = after
    }
}

extension Change {
    /// The record before the change, decoded from its snapshot (no embedding or raw data).
    public var beforeDocument: Document? { before.flatMap(DocumentJSON.document(fromSnapshot:)) }
    /// The record after the change, decoded from its snapshot (no embedding or raw data).
    public var afterDocument: Document? { after.flatMap(DocumentJSON.document(fromSnapshot:)) }
}
