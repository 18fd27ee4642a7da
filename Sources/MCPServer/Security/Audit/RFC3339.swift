import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2026-01-02T03:04:05.678Z`), as log lines use.
enum RFC3339 {
    static func format(_ date: Date) -> String {
        // Whole milliseconds first, so 0.678 stored as 0.67799… still prints .678.
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (whole, fraction) = total.quotientAndRemainder(dividingBy: 1000)
        var seconds = time_t(fraction < 0 ? whole - 1 : whole)
        let milliseconds = fraction < 0 ? fraction + 1000 : fraction
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let millis = pad(Int32(milliseconds), 3)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(millis)Z"
    }
}
