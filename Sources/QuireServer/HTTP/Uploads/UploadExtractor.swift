import MCP
import QuireStore

/// Turns one uploaded file's text into documents with the shared extraction code
/// (``FileExtractor``): plain text, Markdown with front matter, JSON and JSON Lines (records or
/// text), CSV (a document per row) and HTML (visible text).
enum UploadExtractor {
    /// Why a file's text cannot become documents.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The format for text that sniffed as text. The content decides where it can (JSON, an HTML
    /// page); otherwise the declared type, then the file name. A file declared or named JSON is
    /// read as JSON, so that invalid JSON is reported rather than stored as text.
    static func format(of text: String, fileName: String, declaredType: String?) -> FileFormat {
        let declared = declaredType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let named = FileFormat.detect(fileName: fileName)
        switch declared {
        case "application/jsonl", "application/x-ndjson", "application/ndjson", "application/x-jsonlines": return .jsonl
        case "application/json": return .json
        case "text/csv": return .csv
        default: break
        }
        if declared.hasSuffix("+json") || named == .json || named == .jsonl { return named == .jsonl ? .jsonl : .json }
        let start = text.drop { $0.isWhitespace }
        if start.first == "{" || start.first == "[", (try? JSONValue(parsing: String(text))) != nil { return .json }
        if declared == "text/markdown" || declared == "text/x-markdown" { return .markdown }
        let head = start.prefix(15).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || declared == "text/html" { return .html }
        return named
    }

    /// The documents in `text`, read as `format`. Records restored from JSON keep their own
    /// fields; anything extracted records the file name and format as its source.
    static func documents(fromText text: String, format: FileFormat, fileName: String) throws(Failure) -> [Document] {
        guard text.contains(where: { !$0.isWhitespace }) else { throw Failure(message: "the file has no text") }
        let extracted: (documents: [Document], restored: Bool)
        do {
            extracted = try FileExtractor.documents(fromText: text, format: format, fileName: fileName, displayPath: fileName)
        } catch {
            throw Failure(message: error.description)
        }
        var documents = extracted.documents
        guard !documents.isEmpty else { throw Failure(message: "\(fileName) holds no documents") }
        if !extracted.restored {
            for index in documents.indices {
                documents[index].sourceFile = fileName
                documents[index].sourceType = format.mimeType
            }
        }
        return documents
    }
}
