import MCP
import MCPServer
import QuireStore

/// The six ContextFrame collection tools. A collection is a `collection_header` record whose uuid
/// is the collection id; members point at it with `collection_id` (see ``CollectionHeader``).
/// Every change is one store transaction; per-record problems are reported, never half-applied.
struct CollectionTools: Sendable {
    let environment: ToolEnvironment

    var store: DocumentStore { environment.store }

    var definitions: [ToolDefinition] {
        [createCollection, updateCollection, deleteCollection, listCollections, moveDocuments, getCollectionStats]
    }

    /// An array-of-uuids parameter.
    static func uuids(_ description: String, minItems: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "array", "items": ["type": "string"], "description": .string(description),
        ]
        if let minItems { schema["minItems"] = .int(minItems) } else { schema["default"] = [] }
        return .object(schema)
    }

    /// A collection parameter that also takes `null` (meaning "none").
    static func optionalCollection(_ description: String) -> JSONValue {
        ["type": ["string", "null"], "description": .string(description)]
    }

    /// The strings of an array argument (the schema has checked the element types).
    static func strings(_ arguments: Arguments, _ name: String) throws -> [String] {
        guard let value = arguments.values[name], value != .null else { return [] }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("\(name): expected an array of strings") }
        return try elements.enumerated().map { position, element in
            guard case .string(let string) = element else {
                throw ToolError.invalidArguments("\(name)[\(position)]: expected a string, got \(element.typeName)")
            }
            return string
        }
    }
}
