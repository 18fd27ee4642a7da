import MCP
import QuireStore

/// `content_template` for batch_update: `{content}`, `{title}` and `{metadata.<key>}` replaced by
/// the document's values in one pass. Plain substitution, no expressions; any other `{...}` is
/// left as written, and a missing metadata key becomes the empty string.
struct ContentTemplate {
    let text: String

    func render(_ document: Document) -> String {
        guard text.contains("{") else { return text }
        var output = ""
        var rest = text[...]
        var metadata: JSONValue?
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            output += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            if name == "content" {
                output += document.textContent ?? ""
            } else if name == "title" {
                output += document.title
            } else if name.hasPrefix("metadata."), name.count > "metadata.".count {
                if metadata == nil { metadata = DocumentJSON.metadata(of: document) }
                output += Self.value(of: String(name.dropFirst("metadata.".count)), in: metadata ?? [:], document: document)
            } else {
                output += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    /// A metadata field's text: a field such as author or tags, or a custom_metadata key.
    private static func value(of key: String, in metadata: JSONValue, document: Document) -> String {
        if let custom = document.customMetadata[key] { return custom }
        if key.hasPrefix("custom_metadata."), let custom = document.customMetadata[String(key.dropFirst("custom_metadata.".count))] { return custom }
        switch metadata[key] {
        case .string(let text)?: return text
        case .array(let items)?: return items.map { $0.stringValue ?? $0.jsonString }.joined(separator: ", ")
        case .null?, nil: return ""
        case let other?: return other.jsonString
        }
    }
}
