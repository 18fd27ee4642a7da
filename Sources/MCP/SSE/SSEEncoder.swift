/// Writes Server-Sent Events in the `text/event-stream` format.
public enum SSEEncoder {
    /// The bytes of one event, ending with the blank line that dispatches it.
    ///
    /// - `id` and `event` lose any CR, LF (they would end the line early) and, for `id`, NUL (a
    ///   receiver ignores an id containing NUL). An empty `event` is left out: it means the
    ///   default type anyway.
    /// - `retry` is written when it is zero or more.
    /// - `data` is split at CRLF, CR and LF into one `data:` line each, so a receiver rebuilds it
    ///   with LF line endings. At least one `data:` line is always written, because a receiver
    ///   drops an event with no data: a priming event `SSEEvent(id: "42")` becomes
    ///   `id: 42\ndata:\n\n` and arrives with `id` "42" and empty data.
    public static func encode(_ event: SSEEvent) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(event.data.utf8.count + 32)
        if let id = event.id {
            appendField("id", sanitized(id, removingNUL: true), to: &output)
        }
        if let type = event.event {
            let clean = sanitized(type, removingNUL: false)
            if !clean.isEmpty { appendField("event", clean, to: &output) }
        }
        if let retry = event.retry, retry >= 0 {
            appendField("retry", Substring(String(retry)), to: &output)
        }
        for line in lines(of: event.data) {
            appendField("data", line, to: &output)
        }
        output.append(lineFeed)
        return output
    }

    /// A comment block, `: text` then a blank line, which receivers ignore; servers send one as a
    /// keep-alive so proxies do not close an idle stream. Each line of a multi-line `text` becomes
    /// its own comment line.
    public static func comment(_ text: String = "") -> [UInt8] {
        var output: [UInt8] = []
        for line in lines(of: text) {
            output.append(UInt8(ascii: ":"))
            if !line.isEmpty {
                output.append(UInt8(ascii: " "))
                output.append(contentsOf: line.utf8)
            }
            output.append(lineFeed)
        }
        output.append(lineFeed)
        return output
    }

    private static let lineFeed = UInt8(ascii: "\n")

    /// `name: value`, or `name:` for an empty value. Exactly one space is written because the
    /// receiver removes exactly one, so a value that itself starts with a space survives.
    private static func appendField(_ name: String, _ value: Substring, to output: inout [UInt8]) {
        output.append(contentsOf: name.utf8)
        output.append(UInt8(ascii: ":"))
        if !value.isEmpty {
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: value.utf8)
        }
        output.append(lineFeed)
    }

    private static func sanitized(_ value: String, removingNUL: Bool) -> Substring {
        let forbidden: (Unicode.Scalar) -> Bool = { scalar in
            scalar == "\r" || scalar == "\n" || (removingNUL && scalar == "\0")
        }
        guard value.unicodeScalars.contains(where: forbidden) else { return Substring(value) }
        var clean = String.UnicodeScalarView()
        clean.append(contentsOf: value.unicodeScalars.lazy.filter { !forbidden($0) })
        return Substring(String(clean))
    }

    /// `text` split at CRLF, CR and LF. Works on scalars because Swift treats CRLF as one Character.
    private static func lines(of text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var result: [Substring] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                result.append(Substring(scalars[start..<index]))
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        result.append(Substring(scalars[start..<scalars.endIndex]))
        return result
    }
}
