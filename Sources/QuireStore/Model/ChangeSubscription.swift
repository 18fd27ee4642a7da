import Foundation

/// A named, persistent cursor into the change log, as `subscribe_changes` creates.
///
/// The store keeps the filter and options as opaque JSON text: what they mean belongs to the
/// caller. The cursor survives restarts, so a subscriber resumes where it stopped.
public struct ChangeSubscription: Sendable, Equatable {
    /// The subscription's id (`sub_…`).
    public var id: String
    /// Who created it; only they may poll or cancel it.
    public var principal: String
    /// `documents`, `collections` or `all`.
    public var resourceType: String
    /// The caller's filter, as JSON text.
    public var filters: String?
    /// The caller's options, as JSON text.
    public var options: String
    /// When the subscription was made.
    public var createdAt: Date
    /// When it was last polled; `nil` before the first poll.
    public var lastPoll: Date?
    /// The last change sequence number delivered.
    public var cursor: Int

    /// Creates a `ChangeSubscription` from its members.
    public init(id: String, principal: String, resourceType: String, filters: String?, options: String, createdAt: Date, lastPoll: Date?, cursor: Int) {
        self.id = id
        self.principal = principal
        self.resourceType = resourceType
        self.filters = filters
        self.options = options
        self.createdAt = createdAt
        self.lastPoll = lastPoll
        self.cursor = cursor
    }
}
