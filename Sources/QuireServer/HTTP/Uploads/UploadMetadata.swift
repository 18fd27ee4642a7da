import MCP
import MCPServer
import QuireStore

/// The metadata fields of an upload, applied to every document it makes.
///
/// `title` (only with a single file), `collection` (id or name: the documents are appended to
/// it), `tags` (repeatable, or comma-separated), `author`, `status`, `context`, `uri`,
/// `source_url`, `version`, any `x_*` custom field, and `metadata`: a JSON object in
/// `add_document`'s metadata shape for anything else.
struct UploadMetadata {
    var title: String?
    var collection: String?
    var tags: [String] = []
    /// Everything else, in `add_document`'s metadata shape.
    var metadata: [String: JSONValue] = [:]

    static let textFields: Set<String> = ["author", "status", "context", "uri", "source_url", "version"]
    static let fieldNames = ["title", "collection", "tags", "metadata"] + textFields.sorted() + ["x_*"]

    init(fields: [(name: String, value: String)], fileCount: Int) throws(UploadProblem) {
        var seen: Set<String> = []
        for (name, value) in fields {
            if name != "tags" {
                guard seen.insert(name).inserted else { throw .badRequest("field \(name) is given more than once") }
            }
            switch name {
            case "title":
                guard fileCount == 1 else { throw .badRequest("field title applies to a single file; this request has \(fileCount)") }
                guard !value.isEmpty else { throw .badRequest("field title is empty") }
                title = value
            case "collection":
                guard !value.isEmpty else { throw .badRequest("field collection is empty") }
                collection = value
            case "tags":
                tags += value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case "metadata":
                guard case .object(let members)? = try? JSONValue(parsing: value) else {
                    throw .badRequest("field metadata must be a JSON object")
                }
                for (key, member) in members where metadata[key] == nil { metadata[key] = member }
            case _ where name.hasPrefix("x_") || Self.textFields.contains(name):
                metadata[name] = .string(value)
            default:
                throw .badRequest("unknown field \(name); known fields: \(Self.fieldNames.joined(separator: ", ")), and files in parts named file")
            }
        }
        // Fields named directly win over the same key inside `metadata`.
        for (name, value) in fields where name.hasPrefix("x_") || Self.textFields.contains(name) { metadata[name] = .string(value) }
        var probe = Document(title: "probe")
        try apply(to: &probe)
    }

    /// Applies the fields to one extracted document.
    func apply(to document: inout Document) throws(UploadProblem) {
        do {
            try DocumentJSON.apply(metadata, to: &document)
        } catch let error as ToolError {
            throw .badRequest("invalid metadata: \(error.message)")
        } catch {
            throw .badRequest("\(error)")
        }
        if let title { document.title = title }
        for tag in tags where !document.tags.contains(tag) { document.tags.append(tag) }
    }
}
