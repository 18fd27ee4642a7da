import Foundation
import MCP
import MCPServer
import QuireStore

/// A span of wall-clock time `[start, end)` that usage reports cover.
struct TimeWindow: Sendable, Equatable {
    var start: Date
    var end: Date

    /// The longest range accepted, so a typo cannot ask for centuries.
    static let maximumSeconds: TimeInterval = 366 * 86_400

    /// The window ending now that a relative range such as `24h`, `7d` or `2w` names.
    ///
    /// - Throws: An invalid-arguments error naming `field` for anything else.
    static func relative(_ text: String, field: String, now: Date = Date()) throws -> TimeWindow {
        let seconds = try parseDuration(text, field: field)
        // The end is just past now so a call that finished this millisecond is inside.
        let end = now.addingTimeInterval(0.001)
        return TimeWindow(start: end.addingTimeInterval(-seconds), end: end)
    }

    /// Parses `<n>h`, `<n>d` or `<n>w` (n ≥ 1) into seconds.
    static func parseDuration(_ text: String, field: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count >= 1 else {
            throw ToolError.invalidArguments("\(field): \"\(text)\" is not a time range; use a count and a unit, e.g. 24h, 7d or 2w")
        }
        let unitSeconds: TimeInterval
        switch unit {
        case "h": unitSeconds = 3_600
        case "d": unitSeconds = 86_400
        case "w": unitSeconds = 7 * 86_400
        default:
            throw ToolError.invalidArguments("\(field): unknown unit \"\(unit)\" in \"\(text)\"; use h (hours), d (days) or w (weeks)")
        }
        let seconds = Double(count) * unitSeconds
        guard seconds <= maximumSeconds else {
            throw ToolError.invalidArguments("\(field): \"\(text)\" is longer than the longest range, 366 days")
        }
        return seconds
    }

    /// The window between two optional RFC 3339 times; `start` defaults to `defaultSpan` before `end`,
    /// `end` to now.
    static func absolute(start: String?, end: String?, defaultSpan: TimeInterval, now: Date = Date()) throws -> TimeWindow {
        let endDate = try end.map { try parseInstant($0, field: "end_time") } ?? now.addingTimeInterval(0.001)
        let startDate = try start.map { try parseInstant($0, field: "start_time") } ?? endDate.addingTimeInterval(-defaultSpan)
        guard startDate < endDate else {
            throw ToolError.invalidArguments("start_time: must be before end_time")
        }
        return TimeWindow(start: startDate, end: endDate)
    }

    private static func parseInstant(_ text: String, field: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw ToolError.invalidArguments("\(field): \"\(text)\" is not an RFC 3339 time such as 2025-07-05T14:03:22Z")
        }
        return date
    }

    var seconds: TimeInterval { end.timeIntervalSince(start) }

    var json: [String: JSONValue] {
        ["start": .string(Timestamp.format(start)), "end": .string(Timestamp.format(end))]
    }
}

/// The calendar buckets usage is grouped into, in UTC; weeks start on Monday (ISO 8601).
enum TimeBucket: String, CaseIterable, Sendable {
    case hour, day, week

    /// The start of the bucket holding `date`.
    func start(of date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        switch self {
        case .hour: return Date(timeIntervalSince1970: (seconds / 3_600).rounded(.down) * 3_600)
        case .day: return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
        case .week:
            // 1970-01-01 was a Thursday, so Mondays fall 4 days after multiples of 7 days.
            let days = (seconds / 86_400).rounded(.down)
            let monday = ((days - 4) / 7).rounded(.down) * 7 + 4
            return Date(timeIntervalSince1970: monday * 86_400)
        }
    }
}
