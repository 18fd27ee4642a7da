import Foundation

/// Formats and parses the store's timestamps.
///
/// The store keeps every timestamp as RFC 3339 UTC text with exactly three fractional digits,
/// for example `2025-07-05T14:03:22.417Z`. Every stored value has the same width and zone, so
/// lexical order equals time order and SQL can compare and sort the text directly.
///
/// The formatter and parser are hand-written (no `DateFormatter`) because they run on every
/// row read and every timestamp filter, and must behave identically on every platform.
public enum Timestamp {
    /// Returns `date` truncated to whole milliseconds, the precision the store keeps.
    ///
    /// Every date the store hands out has passed through this function, so a document read
    /// back compares equal to the document returned by the write that stored it.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(of: date)) / 1000)
    }

    /// Formats `date` as RFC 3339 UTC with milliseconds, e.g. `2025-07-05T14:03:22.417Z`.
    ///
    /// Sub-millisecond precision is truncated (not rounded) so a formatted instant never
    /// moves past a later one.
    public static func format(_ date: Date) -> String {
        let totalMilliseconds = milliseconds(of: date)
        let (days, millisecondOfDay) = floorDivide(totalMilliseconds, 86_400_000)
        let (year, month, day) = civilDate(fromDays: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000
        // Written byte by byte into one buffer: every stored row and change-log entry formats
        // several timestamps, and concatenating padded pieces cost ~7,000 instructions each.
        let absoluteYear = abs(year)
        let yearDigits = max(4, String(absoluteYear).utf8.count)
        let count = (year < 0 ? 1 : 0) + yearDigits + 20
        return String(unsafeUninitializedCapacity: count) { buffer in
            var position = 0
            func put(_ byte: UInt8) {
                buffer[position] = byte
                position += 1
            }
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                    rest %= divisor
                    divisor /= 10
                }
            }
            if year < 0 { put(UInt8(ascii: "-")) }
            digits(absoluteYear, yearDigits)
            put(UInt8(ascii: "-"))
            digits(month, 2)
            put(UInt8(ascii: "-"))
            digits(day, 2)
            put(UInt8(ascii: "T"))
            digits(hour, 2)
            put(UInt8(ascii: ":"))
            digits(minute, 2)
            put(UInt8(ascii: ":"))
            digits(second, 2)
            put(UInt8(ascii: "."))
            digits(millisecond, 3)
            put(UInt8(ascii: "Z"))
            return position
        }
    }

    /// Parses an RFC 3339 timestamp or a calendar date.
    ///
    /// Accepted forms:
    /// - `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`, `z` and a space separator are accepted too,
    ///   the fraction may have 1–9 digits (kept to the millisecond);
    /// - `YYYY-MM-DD`, read as midnight UTC (ContextFrame's original date-only format).
    ///
    /// - Returns: The instant, truncated to milliseconds, or `nil` when `text` is not one of these forms
    ///   or names an impossible date or time.
    public static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")),
              let month = scanner.digits(2), scanner.take(UInt8(ascii: "-")),
              let day = scanner.digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else {
            return nil
        }
        let dayStart = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400_000
        if scanner.atEnd {
            return Date(timeIntervalSince1970: Double(dayStart) / 1000)
        }
        guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) || scanner.take(UInt8(ascii: " ")),
              let hour = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
              let minute = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
              let second = scanner.digits(2)
        else { return nil }
        // A leap second (:60) lands on the first instant of the next minute.
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        var millisecond = 0
        if scanner.take(UInt8(ascii: ".")) {
            var count = 0
            while let digit = scanner.digit() {
                if count < 3 { millisecond = millisecond * 10 + digit }
                count += 1
            }
            guard (1...9).contains(count) else { return nil }
            if count < 3 {
                for _ in count..<3 { millisecond *= 10 }
            }
        }
        var offsetMinutes = 0
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if let sign = scanner.sign() {
            guard let offsetHour = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
                  let offsetMinute = scanner.digits(2), offsetHour < 24, offsetMinute < 60
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        let local = dayStart
            + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1000 + Int64(millisecond)
        let utc = local - Int64(offsetMinutes) * 60_000
        return Date(timeIntervalSince1970: Double(utc) / 1000)
    }

    /// Whole milliseconds since 1970, truncated; a value within floating-point noise of a whole
    /// millisecond (as every date built from whole milliseconds is) keeps that millisecond.
    static func milliseconds(of date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1000
        let nearest = scaled.rounded()
        if abs(scaled - nearest) <= max(0.001, nearest.ulp * 8) {
            return Int64(nearest)
        }
        return Int64(scaled.rounded(.down))
    }

    /// Whether `date` falls in the years 0000–9999 that the fixed-width format can express.
    static func isRepresentable(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        // 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z.
        return seconds >= -62_167_219_200 && seconds < 253_402_300_800
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, Int(remainder))
    }

    private static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// A cursor over ASCII bytes for the parser.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
                return nil
            }
            defer { index += 1 }
            return Int(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if take(UInt8(ascii: "+")) { return 1 }
            if take(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
