import MCP
import MCPServer

/// Typed reads of tool arguments. The schema has been checked already; these still refuse
/// gracefully, so a schema slip becomes a clear tool error and never a crash.
struct Arguments {
    let values: [String: JSONValue]

    init(_ values: [String: JSONValue]) { self.values = values }

    func string(_ name: String) throws -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard case .string(let string) = value else { throw ToolError.invalidArguments("\(name): expected string, got \(value.typeName)") }
        return string
    }

    func requiredString(_ name: String) throws -> String {
        guard let string = try string(name) else { throw ToolError.invalidArguments("\(name): required field is missing") }
        return string
    }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let value = values[name], value != .null else { return fallback }
        guard let integer = value.intValue else { throw ToolError.invalidArguments("\(name): expected integer, got \(value.typeName)") }
        return integer
    }

    func optionalInt(_ name: String) throws -> Int? {
        guard values[name] != nil, values[name] != .null else { return nil }
        return try int(name, default: 0)
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = values[name], value != .null else { return fallback }
        guard case .bool(let flag) = value else { throw ToolError.invalidArguments("\(name): expected boolean, got \(value.typeName)") }
        return flag
    }

    func object(_ name: String) throws -> [String: JSONValue]? {
        guard let value = values[name], value != .null else { return nil }
        guard case .object(let members) = value else { throw ToolError.invalidArguments("\(name): expected object, got \(value.typeName)") }
        return members
    }

    /// A vector of numbers, such as a client-supplied embedding.
    func floats(_ name: String) throws -> [Float]? {
        guard let value = values[name], value != .null else { return nil }
        guard case .array(let elements) = value else { throw ToolError.invalidArguments("\(name): expected an array of numbers") }
        return try elements.enumerated().map { position, element in
            guard let number = element.doubleValue, element.boolValue == nil, number.isFinite else {
                throw ToolError.invalidArguments("\(name)[\(position)]: expected a number, got \(element.typeName)")
            }
            return Float(number)
        }
    }
}
