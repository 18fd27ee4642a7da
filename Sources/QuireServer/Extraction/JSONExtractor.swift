import MCP
import MCPServer
import QuireStore

/// JSON: a record object (`{content, metadata, ...}`), an array of them, or an export's
/// `{"documents": [...]}` become those documents, uuids and embeddings included; any other JSON
/// becomes one document holding the file's text.
enum JSONExtractor {
    static func extract(_ text: String, fileName: String, displayPath: String) throws(ExtractionError) -> (documents: [Document], restored: Bool) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw .invalidJSON(path: displayPath, message: String(describing: error))
        }
        if let records = records(in: value) {
            return (try decode(records, fileName: fileName, displayPath: displayPath, label: { "record \($0 + 1)" }), true)
        }
        let title = value["title"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? fileName
        return ([Document(title: title, textContent: text)], false)
    }

    /// JSON Lines: every line a record, or, when no line is one, the whole file as one text document.
    static func extractLines(_ text: String, fileName: String, displayPath: String) throws(ExtractionError) -> (documents: [Document], restored: Bool) {
        var objects: [(line: Int, members: [String: JSONValue])] = []
        var nonRecord: Int?
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isJSONLinesBreak).enumerated() {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: String(line))
            } catch {
                throw .invalidJSON(path: displayPath, message: "line \(number + 1): \(error)")
            }
            if case .object(let members) = value, FrameDecoder.isFrame(members) {
                objects.append((number + 1, members))
            } else if nonRecord == nil {
                nonRecord = number + 1
            }
        }
        if let nonRecord {
            guard objects.isEmpty else {
                throw .invalidRecord(path: displayPath, record: "line \(nonRecord)", message: "not a document record ({content, metadata}) like the other lines")
            }
            return ([Document(title: fileName, textContent: text)], false)
        }
        return (try decode(objects.map(\.members), fileName: fileName, displayPath: displayPath, label: { "line \(objects[$0].line)" }), true)
    }

    /// The record objects `value` holds, or `nil` when it is not records.
    private static func records(in value: JSONValue) -> [[String: JSONValue]]? {
        switch value {
        case .object(let members) where FrameDecoder.isFrame(members):
            return [members]
        case .object(let members) where members.count == 1:
            guard let documents = members["documents"] else { return nil }
            return records(in: documents).flatMap { $0.isEmpty ? nil : $0 }
        case .array(let elements) where !elements.isEmpty:
            var objects: [[String: JSONValue]] = []
            for element in elements {
                guard case .object(let members) = element, FrameDecoder.isFrame(members) else { return nil }
                objects.append(members)
            }
            return objects
        default:
            return nil
        }
    }

    private static func decode(
        _ records: [[String: JSONValue]], fileName: String, displayPath: String, label: (Int) -> String
    ) throws(ExtractionError) -> [Document] {
        var documents: [Document] = []
        for (position, members) in records.enumerated() {
            do {
                let title = records.count == 1 ? fileName : "\(fileName) \(label(position))"
                documents.append(try FrameDecoder.document(from: members, fallbackTitle: title))
            } catch let error as ToolError {
                throw .invalidRecord(path: displayPath, record: label(position), message: error.message)
            } catch {
                throw .invalidRecord(path: displayPath, record: label(position), message: String(describing: error))
            }
        }
        return documents
    }
}
