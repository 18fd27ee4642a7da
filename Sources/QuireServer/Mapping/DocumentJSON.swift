import Foundation
import MCP
import MCPServer
import QuireStore

/// Converts between store documents and ContextFrame's tool shape: `{uuid, content, metadata}`,
/// where `metadata` holds every field but `uuid`, `text_content`, `vector` and `raw_data`.
enum DocumentJSON {
    /// Metadata keys a caller may set, by ContextFrame name.
    static let metadataKeys: [String] = [
        "title", "version", "context", "uri", "local_path", "cid", "collection", "collection_id",
        "collection_id_type", "position", "author", "contributors", "tags", "created_at", "updated_at",
        "status", "source_file", "source_type", "source_url", "relationships", "custom_metadata",
        "record_type", "raw_data_type",
    ]

    // MARK: Output

    static func metadata(of document: Document) -> JSONValue {
        var members: [String: JSONValue] = [
            "title": .string(document.title),
            "created_at": .string(Timestamp.format(document.createdAt)),
            "updated_at": .string(Timestamp.format(document.updatedAt)),
            "record_type": .string(document.recordType.rawValue),
            "tags": .array(document.tags.map(JSONValue.string)),
            "contributors": .array(document.contributors.map(JSONValue.string)),
            "custom_metadata": .object(document.customMetadata.mapValues(JSONValue.string)),
            "relationships": .array(document.relationships.map(relationship)),
        ]
        let optional: [(String, String?)] = [
            ("version", document.version), ("context", document.context), ("uri", document.uri),
            ("local_path", document.localPath), ("cid", document.cid), ("collection", document.collection),
            ("collection_id", document.collectionID), ("collection_id_type", document.collectionIDType),
            ("author", document.author), ("status", document.status), ("source_file", document.sourceFile),
            ("source_type", document.sourceType), ("source_url", document.sourceURL), ("raw_data_type", document.rawDataType),
        ]
        for (key, value) in optional { if let value { members[key] = .string(value) } }
        if let position = document.position { members["position"] = .int(position) }
        return .object(members)
    }

    static func relationship(_ relationship: Relationship) -> JSONValue {
        var members: [String: JSONValue] = ["type": .string(relationship.type.rawValue)]
        let fields: [(String, String?)] = [
            ("id", relationship.id), ("uri", relationship.uri), ("path", relationship.path), ("cid", relationship.cid),
            ("title", relationship.title), ("description", relationship.description),
        ]
        for (key, value) in fields { if let value { members[key] = .string(value) } }
        return .object(members)
    }

    /// The tool shape of a document, with the parts the caller asked for.
    static func json(
        _ document: Document, includeContent: Bool = true, includeMetadata: Bool = true, includeEmbedding: Bool = false
    ) -> [String: JSONValue] {
        var members: [String: JSONValue] = ["uuid": .string(document.uuid)]
        if includeContent { members["content"] = document.textContent.map(JSONValue.string) ?? .null }
        if includeMetadata { members["metadata"] = metadata(of: document) }
        if includeEmbedding { members["embedding"] = document.embedding.map { .array($0.map { .double(Double($0)) }) } ?? .null }
        return members
    }

    // MARK: Input

    /// Applies a `metadata` object to a document. Top-level keys replace; `custom_metadata`
    /// merges per key; `null` removes; `x_*` keys go to `custom_metadata` as ContextFrame does.
    static func apply(_ metadata: [String: JSONValue], to document: inout Document) throws {
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            if key.hasPrefix("x_") {
                if value == .null { document.customMetadata[key] = nil } else { document.customMetadata[key] = try customValue(value, key: key) }
                continue
            }
            switch key {
            case "title":
                guard case .string(let title) = value, !title.isEmpty else { throw invalid(key, "must be a non-empty string") }
                document.title = title
            case "version": document.version = try text(value, key)
            case "context": document.context = try text(value, key)
            case "uri": document.uri = try text(value, key)
            case "local_path": document.localPath = try text(value, key)
            case "cid": document.cid = try text(value, key)
            case "collection": document.collection = try text(value, key)
            case "collection_id": document.collectionID = try text(value, key)
            case "collection_id_type": document.collectionIDType = try text(value, key)
            case "author": document.author = try text(value, key)
            case "status": document.status = try text(value, key)
            case "source_file": document.sourceFile = try text(value, key)
            case "source_type": document.sourceType = try text(value, key)
            case "source_url": document.sourceURL = try text(value, key)
            case "raw_data_type": document.rawDataType = try text(value, key)
            case "position":
                if value == .null { document.position = nil; continue }
                guard let position = value.intValue, position >= 0 else { throw invalid(key, "must be an integer ≥ 0") }
                document.position = position
            case "tags": document.tags = try strings(value, key)
            case "contributors": document.contributors = try strings(value, key)
            case "created_at": document.createdAt = try timestamp(value, key) ?? document.createdAt
            case "updated_at": break  // set by the store on every write
            case "record_type":
                guard case .string(let raw) = value, let type = RecordType(rawValue: raw) else {
                    throw invalid(key, "must be one of \(RecordType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                document.recordType = type
            case "relationships":
                if value == .null { document.relationships = []; continue }
                guard case .array(let elements) = value else { throw invalid(key, "must be an array") }
                document.relationships = try elements.enumerated().map { try relationship(from: $1, at: $0) }
            case "custom_metadata":
                if value == .null { document.customMetadata = [:]; continue }
                guard case .object(let entries) = value else { throw invalid(key, "must be an object of strings") }
                for (entryKey, entryValue) in entries {
                    document.customMetadata[entryKey] = entryValue == .null ? nil : try customValue(entryValue, key: "custom_metadata.\(entryKey)")
                }
            default:
                throw invalid(key, "unknown metadata field; known fields: \(metadataKeys.joined(separator: ", ")), or any x_* key")
            }
        }
    }

    private static func invalid(_ key: String, _ message: String) -> ToolError {
        .invalidArguments("metadata.\(key): \(message)")
    }

    private static func text(_ value: JSONValue, _ key: String) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let string): return string
        default: throw invalid(key, "expected string, got \(value.typeName)")
        }
    }

    private static func strings(_ value: JSONValue, _ key: String) throws -> [String] {
        if value == .null { return [] }
        guard case .array(let elements) = value else { throw invalid(key, "expected an array of strings") }
        return try elements.map { element in
            guard case .string(let string) = element else { throw invalid(key, "expected an array of strings, found \(element.typeName)") }
            return string
        }
    }

    private static func timestamp(_ value: JSONValue, _ key: String) throws -> Date? {
        guard case .string(let text) = value else { return nil }
        guard let date = Timestamp.parse(text) else { throw invalid(key, "expected an RFC 3339 timestamp or YYYY-MM-DD, got \"\(text)\"") }
        return date
    }

    /// ContextFrame's custom metadata holds strings; scalars are stored in their JSON spelling.
    private static func customValue(_ value: JSONValue, key: String) throws -> String {
        switch value {
        case .string(let string): return string
        case .int, .double, .bool: return value.jsonString
        default: throw ToolError.invalidArguments("metadata.\(key): values must be strings, got \(value.typeName)")
        }
    }

    private static func relationship(from value: JSONValue, at position: Int) throws -> Relationship {
        let key = "relationships[\(position)]"
        guard case .object(let members) = value else { throw invalid(key, "must be an object") }
        guard case .string(let rawType)? = members["type"], let type = RelationshipType(rawValue: rawType) else {
            throw invalid("\(key).type", "must be one of \(RelationshipType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func field(_ name: String) throws -> String? {
            guard let value = members[name] else { return nil }
            return try text(value, "\(key).\(name)")
        }
        let known: Set<String> = ["type", "id", "uri", "path", "cid", "title", "description"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw invalid("\(key).\(unknown)", "unknown field")
        }
        let relationship = Relationship(
            type: type, id: try field("id"), uri: try field("uri"), path: try field("path"), cid: try field("cid"),
            title: try field("title"), description: try field("description")
        )
        guard relationship.hasTarget else { throw invalid(key, "needs at least one of id, uri, path or cid") }
        return relationship
    }
}
