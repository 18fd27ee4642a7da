import Foundation
import QuireStore

/// Markdown: front matter becomes metadata, the rest is the content.
///
/// `title`, `author`, `tags`, `status` map to their fields and `date` to `created_at`; every other
/// key goes to `custom_metadata` as `x_<key>`. Without a front matter title, the first `# heading`
/// is the title, and without one the file name.
enum MarkdownExtractor {
    static func extract(_ text: String, fileName: String) -> Document {
        let matter = FrontMatter.parse(text)
        let body = matter?.body ?? text
        var document = Document(title: fileName, textContent: body)
        var title: String?
        for (key, value) in matter?.entries ?? [] {
            switch key.lowercased() {
            case "title": title = value.text.isEmpty ? nil : value.text
            case "author": document.author = value.text.isEmpty ? nil : value.text
            case "tags": document.tags = value.items
            case "status": document.status = value.text.isEmpty ? nil : value.text
            case "date":
                if let date = Timestamp.parse(value.text) {
                    document.createdAt = date
                } else {
                    document.customMetadata["x_date"] = value.text
                }
            default:
                document.customMetadata[CustomKey.prefixed(key)] = value.text
            }
        }
        document.title = title ?? firstHeading(in: body) ?? fileName
        return document
    }

    /// The text of the first level-one ATX heading outside fenced code blocks.
    static func firstHeading(in text: String) -> String? {
        var fence: Substring?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isLineBreak) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            // At most three spaces of indent; four make a code block.
            guard line.count - trimmed.count < 4, trimmed.hasPrefix("# ") || trimmed == "#" else { continue }
            var heading = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            // A closing run of #s is decoration, not part of the heading.
            while heading.hasSuffix("#") { heading.removeLast() }
            heading = heading.trimmingCharacters(in: .whitespaces)
            if !heading.isEmpty { return heading }
        }
        return nil
    }
}

/// How extracted extra fields are named in `custom_metadata`: `x_<name>`, as ContextFrame does
/// for keys outside its schema.
enum CustomKey {
    static func prefixed(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("x_") ? trimmed : "x_" + trimmed
    }
}

extension Character {
    /// A line ending in text files: LF, CRLF (one Character in Swift) or a lone CR.
    var isLineBreak: Bool { self == "\n" || self == "\r\n" || self == "\r" }

    /// A JSON Lines record separator: LF or CRLF (a lone CR may sit inside a record's text).
    var isJSONLinesBreak: Bool { self == "\n" || self == "\r\n" }
}
