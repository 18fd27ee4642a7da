import Foundation
import MCP
import MCPServer
import QuireStore

/// Reads a tool's `filter` argument: a structured filter object, or a string in the small
/// SQL-like subset. Either way the store binds every value as a parameter.
enum FilterJSON {
    static func filter(from value: JSONValue?) throws -> Filter? {
        guard let value, value != .null else { return nil }
        do {
            switch value {
            case .string(let text):
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
                return try FilterStringParser.parse(text)
            case .object(let members):
                if members.isEmpty { return nil }
                let filter = try structured(members, depth: 0)
                try filter.validate()
                return filter
            default:
                throw ToolError.filter("expected an object or a string, got \(value.typeName)")
            }
        } catch let error as FilterError {
            throw ToolError.filter(error.description)
        }
    }

    private static func structured(_ members: [String: JSONValue], depth: Int) throws -> Filter {
        guard depth < Filter.maximumDepth else { throw ToolError.filter("nested deeper than \(Filter.maximumDepth) levels") }
        var clauses: [Filter] = []
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            switch key {
            case "and", "or":
                guard case .array(let elements) = value, !elements.isEmpty else { throw ToolError.filter("\"\(key)\" needs a non-empty array of filters") }
                let parts = try elements.map { element -> Filter in
                    guard case .object(let nested) = element else { throw ToolError.filter("each element of \"\(key)\" must be an object") }
                    return try structured(nested, depth: depth + 1)
                }
                clauses.append(key == "and" ? .and(parts) : .or(parts))
            case "not":
                guard case .object(let nested) = value else { throw ToolError.filter("\"not\" needs a filter object") }
                clauses.append(.not(try structured(nested, depth: depth + 1)))
            default:
                let path = try FilterPath.parse(path: key)
                if case .object(let operators) = value {
                    guard !operators.isEmpty else { throw ToolError.filter("\(key): empty operator object") }
                    for name in operators.keys.sorted() {
                        guard let operand = operators[name] else { continue }
                        guard let op = FilterOperator(rawValue: name) else {
                            throw ToolError.filter("\(key): unknown operator \"\(name)\"; use one of \(FilterOperator.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        clauses.append(.compare(path, op, try filterValue(operand, field: key)))
                    }
                } else {
                    clauses.append(.compare(path, .eq, try filterValue(value, field: key)))
                }
            }
        }
        return clauses.count == 1 ? clauses[0] : .and(clauses)
    }

    private static func filterValue(_ value: JSONValue, field: String) throws -> FilterValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(Int64(integer))
        case .double(let double): return .double(double)
        case .string(let string): return .string(string)
        case .array(let elements): return .list(try elements.map { try filterValue($0, field: field) })
        case .object: throw ToolError.filter("\(field): an object is not a comparable value")
        }
    }
}
