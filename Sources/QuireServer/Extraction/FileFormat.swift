/// The file formats extraction understands, chosen by file name extension.
public enum FileFormat: String, Sendable, CaseIterable {
    case text, markdown, json, jsonl, csv, html

    /// The format for `fileName`; anything unrecognised is read as plain text.
    public static func detect(fileName: String) -> FileFormat {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return .text }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "csv": return .csv
        case "html", "htm", "xhtml": return .html
        default: return .text
        }
    }

    /// The MIME type recorded as the document's `source_type`.
    public var mimeType: String {
        switch self {
        case .text: return "text/plain"
        case .markdown: return "text/markdown"
        case .json: return "application/json"
        case .jsonl: return "application/jsonl"
        case .csv: return "text/csv"
        case .html: return "text/html"
        }
    }
}
