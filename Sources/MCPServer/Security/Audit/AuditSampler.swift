import Synchronization

/// Lets through at most one audit event per key per interval, counting the rest, so a flood of
/// refusals leaves a readable trail ("… and 4,812 more") instead of rotating the log away.
final class AuditSampler: Sendable {
    private struct Entry { var last: ContinuousClock.Instant; var suppressed: Int }

    private let interval: Duration
    private let maxKeys: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(interval: Duration = .seconds(10), maxKeys: Int = 10_000) {
        self.interval = interval
        self.maxKeys = maxKeys
    }

    /// `nil` when the event for `key` should be dropped; otherwise how many were dropped since the
    /// last one that went through.
    func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        entries.withLock { entries in
            if var entry = entries[key] {
                guard now - entry.last >= interval else {
                    entry.suppressed += 1
                    entries[key] = entry
                    return nil
                }
                entries[key] = Entry(last: now, suppressed: 0)
                return entry.suppressed
            }
            // Bounded: a flood from many addresses resets the table rather than growing it.
            if entries.count >= maxKeys { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(last: now, suppressed: 0)
            return 0
        }
    }
}
