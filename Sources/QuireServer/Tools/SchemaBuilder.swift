import MCP

/// Small constructors for the hand-written tool schemas: no `$ref`, `additionalProperties: false`.
enum SchemaBuilder {
    static func object(_ properties: [String: JSONValue], required: [String] = [], closed: Bool = true, description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if closed { schema["additionalProperties"] = false }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(_ description: String, enum options: [String]? = nil, default fallback: String? = nil, minLength: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "description": .string(description)]
        if let options { schema["enum"] = .array(options.map(JSONValue.string)) }
        if let fallback { schema["default"] = .string(fallback) }
        if let minLength { schema["minLength"] = .int(minLength) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil, default fallback: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        if let fallback { schema["default"] = .int(fallback) }
        return .object(schema)
    }

    static func boolean(_ description: String, default fallback: Bool) -> JSONValue {
        ["type": "boolean", "description": .string(description), "default": .bool(fallback)]
    }

    static func numbers(_ description: String) -> JSONValue {
        ["type": "array", "items": ["type": "number"], "description": .string(description)]
    }

    static func metadata(_ description: String) -> JSONValue {
        ["type": "object", "description": .string(description)]
    }

    static let filter: JSONValue = [
        "type": ["object", "string"],
        "description": """
            Structured filter: {"field": value} for equality, {"field": {"op": value}} with eq, ne, lt, lte, gt, gte, \
            in, nin, exists, contains, any, all; combine with {"and": [...]}, {"or": [...]}, {"not": {...}}. Fields are \
            metadata fields (title, author, status, tags, created_at, ...) or custom_metadata.<key>. A string in a small \
            SQL-like subset is also accepted: status = 'published' AND (author = 'Ada' OR tags IS NOT NULL).
            """,
    ]

    /// The output shape of one document in results.
    static let document: JSONValue = [
        "type": "object",
        "properties": [
            "uuid": ["type": "string"],
            "content": ["type": ["string", "null"]],
            "metadata": ["type": "object"],
            "embedding": ["type": ["array", "null"], "items": ["type": "number"]],
            "score": ["type": "number"],
            "snippet": ["type": "string"],
        ],
        "required": ["uuid"],
    ]

    static func output(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        object(properties, required: required, closed: false)
    }
}
