import Foundation
import MCP
import MCPServer
import QuireStore

/// Records read from an import file, before they become documents: one JSON object per record
/// (CSV cells as strings), each with a label for messages.
struct ImportRecords {
    /// A record, or why it could not be read (an invalid JSON line, a non-object array element).
    var records: [(label: String, value: Result<[String: JSONValue], ToolError>)]

    init(text: String, format: ExportFormat, displayPath: String) throws(ExtractionError) {
        switch format {
        case .json:
            let value: JSONValue
            do {
                value = try JSONValue(parsing: text)
            } catch {
                throw .invalidJSON(path: displayPath, message: String(describing: error))
            }
            var elements: [JSONValue]
            switch value {
            case .object(let members) where members.count == 1 && members["documents"]?.arrayValue != nil:
                elements = members["documents"]?.arrayValue ?? []
            case .array(let array): elements = array
            default: elements = [value]
            }
            records = elements.enumerated().map { position, element in
                guard case .object(let members) = element else {
                    return ("record \(position + 1)", .failure(.invalidArguments("record \(position + 1): expected an object, got \(element.typeName)")))
                }
                return ("record \(position + 1)", .success(members))
            }
        case .jsonl:
            records = []
            for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isJSONLinesBreak).enumerated() where line.contains(where: { !$0.isWhitespace }) {
                let label = "line \(number + 1)"
                do {
                    let value = try JSONValue(parsing: String(line))
                    guard case .object(let members) = value else {
                        records.append((label, .failure(.invalidArguments("\(label): expected an object, got \(value.typeName)"))))
                        continue
                    }
                    records.append((label, .success(members)))
                } catch {
                    records.append((label, .failure(.invalidArguments("\(label): not valid JSON: \(error)"))))
                }
            }
        case .csv:
            let table: CSVTable
            do {
                table = try CSVTable(parsing: text)
            } catch {
                throw .invalidCSV(path: displayPath, line: error.line, message: error.message)
            }
            records = table.rows.map { row in
                var members: [String: JSONValue] = [:]
                for (column, cell) in zip(table.columns, row.cells) where !cell.isEmpty { members[column] = .string(cell) }
                return ("line \(row.line)", .success(members))
            }
        }
    }

    /// `record` with `mapping` (source key → destination) applied: the value moves to the
    /// destination, `custom_metadata.<key>` targets one custom entry, an empty destination drops the key.
    static func mapped(_ record: [String: JSONValue], mapping: [String: String]) -> [String: JSONValue] {
        guard !mapping.isEmpty else { return record }
        var result = record
        for source in mapping.keys.sorted() { result.removeValue(forKey: source) }
        for (source, destination) in mapping.sorted(by: { $0.key < $1.key }) {
            guard let value = record[source], !destination.isEmpty else { continue }
            if destination.hasPrefix("custom_metadata.") {
                var custom = result["custom_metadata"]?.objectValue ?? [:]
                custom[String(destination.dropFirst("custom_metadata.".count))] = value
                result["custom_metadata"] = .object(custom)
            } else if destination.hasPrefix("metadata.") {
                result[String(destination.dropFirst("metadata.".count))] = value
            } else {
                result[destination] = value
            }
        }
        return result
    }

    /// Text cells (CSV, or hand-written JSON) turned into the types the schema wants: list fields
    /// from JSON or comma-separated text, map and vector fields from JSON text, position from digits.
    static func coerced(_ record: [String: JSONValue]) -> [String: JSONValue] {
        var result = record
        for (key, value) in record {
            guard case .string(let text) = value else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch key {
            case "tags", "contributors":
                if trimmed.hasPrefix("["), let parsed = try? JSONValue(parsing: trimmed) {
                    result[key] = parsed
                } else {
                    result[key] = .array(trimmed.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != "" })
                }
            case "custom_metadata", "relationships", "embedding", "vector", "embeddings", "metadata":
                if let parsed = try? JSONValue(parsing: trimmed) { result[key] = parsed }
            case "position":
                if let number = Int(trimmed) { result[key] = .int(number) }
            default:
                break
            }
        }
        return result
    }
}
