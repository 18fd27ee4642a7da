import MCP
import QuireStore

/// Turns one uploaded file's text into documents.
///
/// A minimal extractor for plain text, Markdown and JSON, kept behind this one type so that the
/// shared extraction code (`Sources/QuireServer/Extraction`, with front matter, CSV rows, JSON
/// records and HTML text) can replace ``documents(fromText:format:fileName:)`` without touching
/// the upload route.
enum UploadExtractor {
    /// What a file is read as.
    enum Format: String, Sendable {
        case text, markdown, json, html

        /// The MIME type reported and recorded as the document's `source_type`.
        var mimeType: String {
            switch self {
            case .text: return "text/plain"
            case .markdown: return "text/markdown"
            case .json: return "application/json"
            case .html: return "text/html"
            }
        }
    }

    /// Why a file's text cannot become documents.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The format for text that sniffed as text: JSON when the content is JSON (or is declared or
    /// named JSON, so that invalid JSON is reported rather than stored as text), Markdown when
    /// declared or named so, HTML when it starts like a page, otherwise plain text.
    static func format(of text: String, fileName: String, declaredType: String?) -> Format {
        let declared = declaredType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let ext = fileName.contains(".") ? (fileName.split(separator: ".").last.map { $0.lowercased() } ?? "") : ""
        if declared == "application/json" || declared.hasSuffix("+json") || ext == "json" { return .json }
        let start = text.drop { $0.isWhitespace }
        if start.first == "{" || start.first == "[", (try? JSONValue(parsing: String(text))) != nil { return .json }
        if declared == "text/markdown" || declared == "text/x-markdown" || ["md", "markdown", "mdown", "mkd"].contains(ext) { return .markdown }
        let head = start.prefix(15).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || declared == "text/html" || ["html", "htm"].contains(ext) { return .html }
        return .text
    }

    /// The documents in `text`, read as `format`. (Swap point for the shared extraction.)
    static func documents(fromText text: String, format: Format, fileName: String) throws(Failure) -> [Document] {
        guard text.contains(where: { !$0.isWhitespace }) else { throw Failure(message: "the file has no text") }
        var document = Document(title: fileName, textContent: text)
        switch format {
        case .text, .html:
            break
        case .markdown:
            if let heading = firstHeading(in: text) { document.title = heading }
        case .json:
            let value: JSONValue
            do {
                value = try JSONValue(parsing: text)
            } catch {
                throw Failure(message: "not valid JSON: \(error)")
            }
            if case .string(let title)? = value["title"], !title.isEmpty { document.title = title }
        }
        document.sourceFile = fileName
        document.sourceType = format.mimeType
        return [document]
    }

    /// The first `# heading` of Markdown text.
    static func firstHeading(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("# ") {
            let heading = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if !heading.isEmpty { return heading }
        }
        return nil
    }
}
