import Foundation
import MCP
import MCPServer

/// Reads what a language model answered, tolerating the usual decorations: code fences,
/// a sentence before the JSON, quotes around a title, bullets before tags.
enum ModelAnswer {
    /// The text without a surrounding Markdown code fence, trimmed.
    static func stripFences(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("```") else { return body }
        body.removeFirst(3)
        if let closing = body.range(of: "```", options: .backwards) { body = String(body[..<closing.lowerBound]) }
        // An info string (`json`) directly after the opening fence, when it ends the line or
        // runs straight into the JSON.
        let info = body.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let rest = body.dropFirst(info.count)
        if !info.isEmpty, rest.isEmpty || rest.first.map({ $0.isNewline || $0 == "{" || $0 == "[" || $0 == " " }) == true {
            body = String(rest)
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first JSON value of the wanted kind in the answer: the whole answer, or the span
    /// between the first opening and the last closing bracket.
    static func json(_ text: String, opening: Character, closing: Character) -> JSONValue? {
        let wanted = opening == "{" ? "object" : "array"
        for body in [stripFences(text), text] {
            if let whole = try? JSONValue(parsing: body), whole.typeName == wanted { return whole }
            guard let start = body.firstIndex(of: opening), let end = body.lastIndex(of: closing), start < end else { continue }
            if let span = try? JSONValue(parsing: String(body[start...end])), span.typeName == wanted { return span }
        }
        return nil
    }

    /// A JSON object, or a tool error quoting the start of what came instead.
    static func object(_ text: String, provider: String) throws -> [String: JSONValue] {
        guard case .object(let members)? = json(text, opening: "{", closing: "}") else {
            throw unusable("no JSON object", text, provider: provider)
        }
        return members
    }

    /// Tags from a JSON array (or `{"tags": [...]}`), else from a comma- or line-separated list.
    static func tags(_ text: String, max: Int) -> [String] {
        var candidates: [String]
        if case .array(let items)? = json(text, opening: "[", closing: "]") {
            candidates = items.compactMap { $0.stringValue }
        } else if case .array(let items)? = json(text, opening: "{", closing: "}")?["tags"] {
            candidates = items.compactMap { $0.stringValue }
        } else {
            candidates = stripFences(text).split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" }).map(String.init)
        }
        return normalizedTags(candidates, max: max)
    }

    /// Tags cleaned of list markers and quotes, without blanks or case-insensitive repeats, at most `max`.
    static func normalizedTags(_ candidates: [String], max: Int) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for tag in candidates.map(cleanTag) where !tag.isEmpty && seen.insert(tag.lowercased()).inserted {
            tags.append(tag)
            if tags.count == max { break }
        }
        return tags
    }

    /// One line of plain text (a title): the first non-empty line, without a `Title:` label,
    /// quotes or emphasis.
    static func line(_ text: String, maxLength: Int, provider: String) throws -> String {
        let first = stripFences(text).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
        var line = first
        for label in ["title:", "new title:", "improved title:"] where line.lowercased().hasPrefix(label) {
            line = String(line.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
        }
        line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`*#_“”‘’ ").union(.whitespaces))
        guard !line.isEmpty else { throw unusable("no text", text, provider: provider) }
        return String(line.prefix(maxLength))
    }

    /// Free text (a context): the answer without fences, capped at `maxLength` characters.
    static func text(_ text: String, maxLength: Int, provider: String) throws -> String {
        let body = stripFences(text)
        guard !body.isEmpty else { throw unusable("no text", text, provider: provider) }
        return String(body.prefix(maxLength))
    }

    /// A `custom_metadata` value: strings as they are, anything else as compact JSON.
    static func metadataValue(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let string): return string
        default: return value.jsonString
        }
    }

    private static func cleanTag(_ raw: String) -> String {
        var tag = Substring(raw)
        // List markers and hashtags: "- x", "* x", "1. x", "2) x", "#x", "- #x".
        while true {
            tag = tag.drop { $0.isWhitespace }
            let digits = tag.prefix { $0.isNumber }
            if !digits.isEmpty, let marker = tag.dropFirst(digits.count).first, marker == "." || marker == ")" {
                tag = tag.dropFirst(digits.count + 1)
            } else if let first = tag.first, "-*•#".contains(first) {
                tag = tag.dropFirst()
            } else {
                break
            }
        }
        let cleaned = String(tag).trimmingCharacters(in: CharacterSet(charactersIn: "\"'`[]").union(.whitespaces))
        return String(cleaned.prefix(100))
    }

    /// The error for an answer that holds nothing usable, quoting its start.
    static func unusable(_ what: String, _ text: String, provider: String) -> ToolError {
        let excerpt = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return ToolError(
            code: ContextFrameErrorCode.noLanguageModel,
            message: "The language model's answer (via \(provider)) could not be used: \(what) in \"\(excerpt)\"",
            data: ["provider": .string(provider), "answer": .string(excerpt)]
        )
    }
}
