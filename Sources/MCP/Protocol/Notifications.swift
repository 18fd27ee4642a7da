/// `notifications/progress` parameters.
public struct ProgressParams: Sendable, Hashable, Codable {
    public var progressToken: ProgressToken
    public var progress: Double
    public var total: Double?
    public var message: String?

    public init(progressToken: ProgressToken, progress: Double, total: Double? = nil, message: String? = nil) {
        self.progressToken = progressToken
        self.progress = progress
        self.total = total
        self.message = message
    }
}

/// `notifications/cancelled` parameters.
public struct CancelledParams: Sendable, Hashable, Codable {
    public var requestId: RequestID
    public var reason: String?

    public init(requestId: RequestID, reason: String? = nil) {
        self.requestId = requestId
        self.reason = reason
    }
}

/// `notifications/resources/updated` parameters.
public struct ResourceUpdatedParams: Sendable, Hashable, Codable {
    public var uri: String
    public init(uri: String) { self.uri = uri }
}
