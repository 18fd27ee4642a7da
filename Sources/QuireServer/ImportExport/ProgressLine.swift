/// Formats a one-line progress bar: a bar and percentage when the total is known, the count, the
/// rate and the time left, e.g. `[#######.......]  48%  4,812 docs  5,130 docs/s  ETA 0:01`.
public enum ProgressLine {
    /// - Parameters:
    ///   - done: Work done, in the unit of `total` (bytes read, for imports).
    ///   - total: All the work, or 0 when unknown.
    ///   - count: Items finished (documents), shown with their rate.
    ///   - elapsed: Seconds since the start.
    ///   - width: The bar's width in characters.
    public static func render(done: Int64, total: Int64, count: Int, unit: String, elapsed: Double, width: Int = 24) -> String {
        var parts: [String] = []
        if total > 0 {
            let fraction = min(1, max(0, Double(done) / Double(total)))
            let filled = Int((fraction * Double(width)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
            parts.append(pad(String(Int((fraction * 100).rounded(.down))) + "%", 4))
        }
        parts.append("\(grouped(count)) \(unit)")
        if elapsed > 0 {
            parts.append("\(grouped(Int((Double(count) / elapsed).rounded()))) \(unit)/s")
        }
        if total > 0, done > 0, done < total, elapsed > 0 {
            let remaining = elapsed * Double(total - done) / Double(done)
            parts.append("ETA \(duration(remaining))")
        } else if total > 0, done >= total {
            parts.append("in \(duration(elapsed))")
        }
        return parts.joined(separator: "  ")
    }

    /// `1234567` as `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// Seconds as `m:ss`, or `h:mm:ss` past an hour.
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let hours = total / 3600, minutes = (total % 3600) / 60, secs = total % 60
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
