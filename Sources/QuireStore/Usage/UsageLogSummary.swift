import Foundation

/// What the usage log holds right now.
public struct UsageLogSummary: Sendable, Equatable {
    /// How many entries the log holds.
    public var recordCount: Int
    /// When the oldest entry started; `nil` for an empty log.
    public var oldest: Date?
    /// When the newest entry started; `nil` for an empty log.
    public var newest: Date?

    /// Creates a summary.
    public init(recordCount: Int, oldest: Date?, newest: Date?) {
        self.recordCount = recordCount
        self.oldest = oldest
        self.newest = newest
    }
}
