import Foundation

/// The `Retry-After` header of a 429 or 503 (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
enum RetryAfter {
    /// Seconds to wait, or `nil` when the header is absent or unreadable. A date in the past is 0.
    static func seconds(_ header: String?, now: Date = Date()) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let delay = Int(text), delay >= 0 { return Double(delay) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now).rounded(.up))
    }

    /// Whether waiting `seconds` fits the request's budget: shorter than the inactivity timeout (a
    /// wait shows no progress, so a longer one would only end as a timeout) and the hard maximum.
    static func fits(_ seconds: Double, timeout: Double, maxTimeout: Double) -> Bool {
        seconds < timeout && seconds <= maxTimeout
    }
}
