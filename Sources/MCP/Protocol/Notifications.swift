/// `notifications/progress` parameters.
public struct ProgressParams: Sendable, Hashable, Codable {
    /// The token the request sent in `_meta.progressToken`.
    public var progressToken: ProgressToken
    /// Work done so far; increases with every notification.
    public var progress: Double
    /// The total amount of work, when known.
    public var total: Double?
    /// A human-readable message.
    public var message: String?

    /// Creates a `ProgressParams` from its members.
    public init(progressToken: ProgressToken, progress: Double, total: Double? = nil, message: String? = nil) {
        self.progressToken = progressToken
        self.progress = progress
        self.total = total
        self.message = message
    }
}

/// `notifications/cancelled` parameters.
public struct CancelledParams: Sendable, Hashable, Codable {
    /// The id of the request to cancel.
    public var requestId: RequestID
    /// Why, for logs.
    public var reason: String?

    /// Creates a `CancelledParams` from its members.
    public init(requestId: RequestID, reason: String? = nil) {
        self.requestId = requestId
        self.reason = reason
    }
}

/// `notifications/resources/updated` parameters.
public struct ResourceUpdatedParams: Sendable, Hashable, Codable {
    /// The resource's URI.
    public var uri: String
    /// Creates a `ResourceUpdatedParams` from its members.
    public init(uri: String) { self.uri = uri }
}
