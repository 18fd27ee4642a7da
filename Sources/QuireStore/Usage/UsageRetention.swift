import Foundation

/// How much of the usage log the store keeps: at most ``maximumRecords`` entries, none older
/// than ``maximumAge``. Older entries are pruned in the same transaction that appends new ones.
public struct UsageRetention: Sendable, Equatable {
    /// The most entries kept; the oldest go first.
    public var maximumRecords: Int
    /// The oldest an entry may be, in seconds.
    public var maximumAge: TimeInterval

    /// Creates a retention policy; defaults keep 100,000 entries for 30 days.
    ///
    /// Values below 1 are raised to 1 so a policy can never make the log unbounded or unusable.
    public init(maximumRecords: Int = 100_000, maximumAge: TimeInterval = 30 * 86_400) {
        self.maximumRecords = max(1, maximumRecords)
        self.maximumAge = max(1, maximumAge)
    }
}
