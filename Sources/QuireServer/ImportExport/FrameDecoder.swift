import Foundation
import MCP
import MCPServer
import QuireStore

/// Reads one ContextFrame record from a JSON object, as `quire export`, `batch_export` and
/// hand-written files spell it: `{uuid?, content | text_content, metadata?, embedding?, raw_data?}`
/// with metadata fields either inside `metadata` or at the top level (top level wins).
enum FrameDecoder {
    /// What to do with a top-level key that is not part of the record schema.
    enum UnknownKeys {
        /// Refuse the record, naming the key.
        case reject
        /// Keep the value in `custom_metadata` as `x_<key>` (non-strings in their JSON spelling).
        case keepAsCustom
    }

    /// Keys of the record itself, outside its metadata.
    static let recordKeys: Set<String> = ["uuid", "content", "text_content", "metadata", "embedding", "embeddings", "vector", "raw_data"]
    private static let metadataKeys = Set(DocumentJSON.metadataKeys)

    /// Whether `key` belongs to the record schema.
    static func isKnown(_ key: String) -> Bool {
        recordKeys.contains(key) || metadataKeys.contains(key) || key.hasPrefix("x_")
    }

    /// Whether `object` looks like a record: it has text content and only schema keys.
    static func isFrame(_ object: [String: JSONValue]) -> Bool {
        guard object["content"]?.stringValue != nil || object["text_content"]?.stringValue != nil else { return false }
        return object.keys.allSatisfy(isKnown)
    }

    /// The document `object` describes.
    ///
    /// - Parameter fallbackTitle: The title when the record has none; without one a missing title is an error.
    /// - Throws: ``ToolError`` (invalid arguments) naming the offending field.
    static func document(from object: [String: JSONValue], fallbackTitle: String? = nil, unknownKeys: UnknownKeys = .reject) throws -> Document {
        var metadata: [String: JSONValue] = [:]
        if let nested = object["metadata"], nested != .null {
            guard case .object(let members) = nested else { throw ToolError.invalidArguments("metadata: must be an object, got \(nested.typeName)") }
            metadata = members
        }
        for key in object.keys.sorted() where !recordKeys.contains(key) {
            guard let value = object[key] else { continue }
            if metadataKeys.contains(key) || key.hasPrefix("x_") {
                metadata[key] = value
                continue
            }
            switch unknownKeys {
            case .reject:
                throw ToolError.invalidArguments("\(key): not a field of the document schema (use a mapping, or an x_ prefix for custom metadata)")
            case .keepAsCustom:
                if value == .null { continue }
                metadata[CustomKey.prefixed(key)] = value.stringValue.map(JSONValue.string) ?? .string(value.jsonString)
            }
        }
        let title: String
        if case .string(let given)? = metadata["title"], !given.isEmpty {
            title = given
        } else if let fallbackTitle {
            title = fallbackTitle
            metadata["title"] = nil
        } else {
            throw ToolError.invalidArguments("title: required field is missing (every document needs a title)")
        }
        var document = Document(title: title)
        try DocumentJSON.apply(metadata, to: &document)

        if let uuid = object["uuid"], uuid != .null {
            guard case .string(let text) = uuid else { throw ToolError.invalidArguments("uuid: expected string, got \(uuid.typeName)") }
            document.uuid = text
        }
        for key in ["content", "text_content"] {
            guard let value = object[key] else { continue }
            switch value {
            case .null: break
            case .string(let text): document.textContent = text
            default: throw ToolError.invalidArguments("\(key): expected string, got \(value.typeName)")
            }
            break
        }
        for key in ["embedding", "vector", "embeddings"] {
            guard let value = object[key] else { continue }
            document.embedding = try Arguments(object).floats(key)
            if value != .null { break }
        }
        if let raw = object["raw_data"], raw != .null {
            guard case .string(let encoded) = raw, let data = Data(base64Encoded: encoded) else {
                throw ToolError.invalidArguments("raw_data: expected base64 text")
            }
            document.rawData = data
        }
        return document
    }
}
