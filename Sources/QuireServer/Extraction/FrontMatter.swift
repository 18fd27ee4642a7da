import Foundation

/// A YAML-ish front matter block at the top of a Markdown file, read without a YAML library.
///
/// Understood: `key: value` lines, quoted values, flow lists (`[a, "b c"]`), block lists
/// (`- item` lines under a key), `#` comment lines. Anything fancier (nested maps, multi-line
/// scalars) is kept as the raw indented text, so nothing in the block is silently lost.
struct FrontMatter: Equatable {
    /// A front matter value: one string or a list of them.
    enum Value: Equatable {
        case scalar(String)
        case list([String])

        /// The value as one string (lists joined with ", ").
        var text: String {
            switch self {
            case .scalar(let text): return text
            case .list(let items): return items.joined(separator: ", ")
            }
        }

        /// The value as a list; a scalar is split at commas.
        var items: [String] {
            switch self {
            case .list(let items): return items
            case .scalar(let text):
                return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
    }

    /// Keys and values in the order they appear.
    var entries: [(key: String, value: Value)]
    /// The text after the closing delimiter.
    var body: String

    static func == (lhs: FrontMatter, rhs: FrontMatter) -> Bool {
        lhs.body == rhs.body && lhs.entries.map(\.key) == rhs.entries.map(\.key) && lhs.entries.map(\.value) == rhs.entries.map(\.value)
    }

    /// Splits `text` into front matter and body; `nil` when it does not open with a `---` line
    /// closed by a later `---` or `...` line.
    static func parse(_ text: String) -> FrontMatter? {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
        guard let close = lines.indices.dropFirst().first(where: {
            let trimmed = lines[$0].trimmingCharacters(in: .whitespaces)
            return trimmed == "---" || trimmed == "..."
        }) else { return nil }
        let block = lines[1..<close]
        lines.removeSubrange(0...close)
        return FrontMatter(entries: entries(of: Array(block)), body: lines.joined(separator: "\n"))
    }

    private static func entries(of block: [Substring]) -> [(key: String, value: Value)] {
        var entries: [(key: String, value: Value)] = []
        var index = 0
        while index < block.count {
            let line = block[index]
            index += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // Only unindented `key:` lines start an entry; stray indented lines belong to none.
            guard line.first?.isWhitespace == false, let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // Collect the indented (or `- `) lines that continue this entry.
            var continuation: [String] = []
            while index < block.count {
                let next = block[index]
                let nextTrimmed = next.trimmingCharacters(in: .whitespaces)
                let continues = nextTrimmed.isEmpty || next.first?.isWhitespace == true || nextTrimmed.hasPrefix("- ") || nextTrimmed == "-"
                guard continues else { break }
                if !nextTrimmed.isEmpty && !nextTrimmed.hasPrefix("#") { continuation.append(nextTrimmed) }
                index += 1
            }
            entries.append((key, value(inline: rest, continuation: continuation)))
        }
        return entries
    }

    private static func value(inline: String, continuation: [String]) -> Value {
        if inline.isEmpty || inline == "|" || inline == ">" {
            if !continuation.isEmpty, continuation.allSatisfy({ $0 == "-" || $0.hasPrefix("- ") }) {
                return .list(continuation.map { unquote(String($0.dropFirst()).trimmingCharacters(in: .whitespaces)) })
            }
            let joiner = inline == "|" ? "\n" : " "
            return .scalar(continuation.joined(separator: joiner))
        }
        if inline.hasPrefix("["), inline.hasSuffix("]") {
            return .list(splitFlowList(String(inline.dropFirst().dropLast())).map(unquote).filter { !$0.isEmpty })
        }
        let scalar = unquote(stripComment(inline))
        return .scalar(continuation.isEmpty ? scalar : ([scalar] + continuation).joined(separator: " "))
    }

    /// Splits `a, "b, c", d` at commas outside quotes.
    private static func splitFlowList(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
                current.append(character)
            } else if character == "," {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    /// `value # comment` loses the comment, unless the value is quoted.
    private static func stripComment(_ text: String) -> String {
        guard let first = text.first, first != "\"", first != "'", let hash = text.range(of: " #") else { return text }
        return text[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, let last = text.last, first == last, first == "\"" || first == "'" else { return text }
        let inner = String(text.dropFirst().dropLast())
        if first == "'" { return inner.replacingOccurrences(of: "''", with: "'") }
        return inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
}
