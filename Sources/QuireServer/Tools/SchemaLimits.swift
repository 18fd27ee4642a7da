import MCP
import MCPServer

/// Puts a `maxLength` on every string argument of a tool schema that lacks one, chosen by the
/// argument's name, so oversize input is refused by schema validation (an `isError` result naming
/// the field) before a tool sees it. Applied once to every tool when the server is built, so tool
/// files need not repeat it; a tool that sets its own `maxLength` keeps it.
///
/// Lengths are in characters: ids 128, names and titles 1 KB, queries and paths 4 KB, free text
/// 64 KB, document content up to the server's largest message.
enum SchemaLimits {
    static let idLength = 128
    static let nameLength = 1024
    static let queryLength = 4 * 1024
    static let textLength = 64 * 1024

    /// `definition` with its input schema limited; `contentLength` bounds document content.
    static func apply(to definition: ToolDefinition, contentLength: Int) -> ToolDefinition {
        var limited = definition
        limited.tool.inputSchema = apply(to: definition.tool.inputSchema, contentLength: contentLength)
        return limited
    }

    /// `schema` (an object schema) with limits on its properties, at any depth.
    static func apply(to schema: JSONValue, contentLength: Int) -> JSONValue {
        limit(schema, name: nil, contentLength: contentLength)
    }

    /// The limit for a string argument called `name` (`nil`: the schema's root or an unnamed item).
    static func maxLength(forArgument name: String?, contentLength: Int) -> Int {
        guard let name = name?.lowercased() else { return textLength }
        if ["id", "ids", "uuid", "uuids", "members"].contains(name) || name.hasSuffix("_id") || name.hasSuffix("_ids")
            || name.hasSuffix("_uuid") || name.hasSuffix("_members")
        {
            return idLength
        }
        if ["content", "contents", "text", "texts", "body", "data", "document", "raw"].contains(name) { return contentLength }
        if ["query", "queries", "sql", "filter", "filters", "where", "pattern", "patterns", "search", "url", "poll_token", "cursor"]
            .contains(name)
            || name.hasSuffix("_path") || name == "path" || name == "directory" || name.hasSuffix("_url")
        {
            return queryLength
        }
        if ["name", "names", "title", "collection", "collections", "parent_collection", "tag", "tags", "author", "field",
            "fields", "model", "provider", "category", "type", "format", "status", "language", "source", "target", "currency",
            "metrics", "period", "time", "timestamp", "time_range"]
            .contains(name) || name.hasSuffix("_name") || name.hasSuffix("_type") || name.hasSuffix("_types") || name.hasSuffix("_by")
            || name.hasSuffix("_collection") || name.hasSuffix("_time") || name.hasSuffix("_at")
        {
            return nameLength
        }
        return textLength
    }

    private static func limit(_ schema: JSONValue, name: String?, contentLength: Int) -> JSONValue {
        guard case .object(var keywords) = schema else { return schema }
        if allowsString(keywords["type"]), keywords["maxLength"] == nil, keywords["enum"] == nil, keywords["const"] == nil {
            keywords["maxLength"] = .int(maxLength(forArgument: name, contentLength: contentLength))
        }
        if name == "metadata", keywords["properties"] == nil, allowsObject(keywords["type"]) {
            // Metadata is open-ended, but its well-known text fields still get bounds. No `type`
            // is added: the tool keeps reporting a wrongly typed field in its own words.
            keywords["properties"] = [
                "title": ["maxLength": .int(nameLength)], "author": ["maxLength": .int(nameLength)],
                "status": ["maxLength": .int(nameLength)], "tags": ["items": ["maxLength": .int(nameLength)]],
            ]
        }
        if let properties = keywords["properties"]?.objectValue {
            var limited: [String: JSONValue] = [:]
            for (property, subschema) in properties { limited[property] = limit(subschema, name: property, contentLength: contentLength) }
            keywords["properties"] = .object(limited)
        }
        // A list's items take the list's name: `document_ids` items are ids, `tags` items names.
        if let items = keywords["items"] { keywords["items"] = limit(items, name: name, contentLength: contentLength) }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            if let alternatives = keywords[combinator]?.arrayValue {
                keywords[combinator] = .array(alternatives.map { limit($0, name: name, contentLength: contentLength) })
            }
        }
        if let additional = keywords["additionalProperties"], case .object = additional {
            keywords["additionalProperties"] = limit(additional, name: nil, contentLength: contentLength)
        }
        return .object(keywords)
    }

    private static func allowsObject(_ type: JSONValue?) -> Bool {
        switch type {
        case .string(let name): return name == "object"
        case .array(let names): return names.contains(.string("object"))
        default: return false
        }
    }

    private static func allowsString(_ type: JSONValue?) -> Bool {
        switch type {
        case .string(let name): return name == "string"
        case .array(let names): return names.contains(.string("string"))
        default: return false
        }
    }
}
