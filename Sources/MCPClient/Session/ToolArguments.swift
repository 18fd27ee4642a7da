import MCP

/// Builds tool arguments from `--arg key=value` pairs (`mcp-client.md` §4): converted to the schema's
/// property type when a schema is known, else parsed as JSON when valid, else kept as a string.
public enum ToolArguments {
    public static func build(pairs: [String], json: String?, inputSchema: JSONValue?) throws(ClientError) -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        if let json {
            guard let value = try? JSONValue(parsing: json), case .object(let members) = value else {
                throw .usage("--args-json must be a JSON object")
            }
            arguments = members
        }
        let properties = inputSchema?["properties"]?.objectValue
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .usage("Invalid argument '\(pair)': expected key=value")
            }
            let key = String(pair[..<equals])
            let raw = String(pair[pair.index(after: equals)...])
            arguments[key] = try convert(raw, key: key, schema: properties?[key])
        }
        return arguments
    }

    static func types(of schema: JSONValue?) -> [String] {
        switch schema?["type"] {
        case .string(let type)?: return [type]
        case .array(let types)?: return types.compactMap(\.stringValue)
        default:
            // anyOf/oneOf of simple types (how optional parameters are often written).
            let variants = (schema?["anyOf"]?.arrayValue ?? []) + (schema?["oneOf"]?.arrayValue ?? [])
            return variants.flatMap { types(of: $0) }
        }
    }

    static func convert(_ raw: String, key: String, schema: JSONValue?) throws(ClientError) -> JSONValue {
        let types = types(of: schema)
        if types.isEmpty {
            return (try? JSONValue(parsing: raw)) ?? .string(raw)
        }
        if types.contains("string") && !(types.contains("null") && raw == "null") { return .string(raw) }
        for type in types {
            switch type {
            case "integer":
                if let value = Int(raw) { return .int(value) }
            case "number":
                if let value = Int(raw) { return .int(value) }
                if let value = Double(raw) { return .double(value) }
            case "boolean":
                if ["true", "false"].contains(raw.lowercased()) { return .bool(raw.lowercased() == "true") }
            case "null":
                if raw == "null" { return .null }
            case "array", "object":
                if let value = try? JSONValue(parsing: raw), value.typeName == type { return value }
            default:
                break
            }
        }
        throw .usage("Invalid value for '\(key)': expected \(types.joined(separator: " or ")), got '\(raw)'")
    }
}
