import Foundation
import MCP
import QuireStore

/// The formats documents are exported in and imported from.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// `{"documents": [record, ...]}`.
    case json
    /// One record per line: the format that round-trips exactly (`quire export` / `quire import`).
    case jsonl
    /// A header row and one row per document; list and map fields hold JSON text.
    case csv
}

/// A document as an export record: `{uuid, content, metadata, embedding?, raw_data?}`, the shape
/// ``FrameDecoder`` reads back.
enum ExportRecord {
    static func json(_ document: Document, includeEmbedding: Bool) -> JSONValue {
        var members = DocumentJSON.json(document)
        if includeEmbedding, let embedding = document.embedding {
            members["embedding"] = .array(embedding.map { .double(Double($0)) })
        }
        if let raw = document.rawData { members["raw_data"] = .string(raw.base64EncodedString()) }
        return .object(members)
    }
}

/// Turns documents into the bytes of one export file: a header, each document, a footer.
struct ExportEncoder {
    let format: ExportFormat
    let includeEmbeddings: Bool

    /// The CSV columns, in order; list, map and vector fields are JSON text.
    static let csvColumns = [
        "uuid", "title", "content", "author", "status", "tags", "contributors", "context", "version", "uri",
        "local_path", "cid", "source_file", "source_type", "source_url", "collection", "collection_id",
        "collection_id_type", "position", "record_type", "created_at", "updated_at", "custom_metadata", "relationships",
    ]

    var header: [UInt8] {
        switch format {
        case .json: return Array("{\"documents\": [\n".utf8)
        case .jsonl: return []
        case .csv: return Array((CSVWriter.row(columns) + "\r\n").utf8)
        }
    }

    var footer: [UInt8] {
        format == .json ? Array("\n]}\n".utf8) : []
    }

    var columns: [String] { includeEmbeddings ? Self.csvColumns + ["embedding"] : Self.csvColumns }

    /// The bytes of `document`; `first` says whether it opens the file (JSON needs separators).
    func encode(_ document: Document, first: Bool) -> [UInt8] {
        switch format {
        case .json:
            return (first ? [] : Array(",\n".utf8)) + ExportRecord.json(document, includeEmbedding: includeEmbeddings).serialized()
        case .jsonl:
            return ExportRecord.json(document, includeEmbedding: includeEmbeddings).serialized() + [0x0A]
        case .csv:
            let metadata = DocumentJSON.metadata(of: document)
            let cells = columns.map { column -> String in
                switch column {
                case "uuid": return document.uuid
                case "content": return document.textContent ?? ""
                case "embedding": return document.embedding.map { JSONValue.array($0.map { .double(Double($0)) }).jsonString } ?? ""
                default:
                    switch metadata[column] {
                    case .string(let text)?: return text
                    case .null?, nil: return ""
                    case .array(let items)? where items.isEmpty: return ""
                    case .object(let members)? where members.isEmpty: return ""
                    case let other?: return other.jsonString
                    }
                }
            }
            return Array((CSVWriter.row(cells) + "\r\n").utf8)
        }
    }
}

/// Quotes CSV fields as RFC 4180 asks.
enum CSVWriter {
    static func row(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",")
    }

    static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
