import Foundation
import MCP

/// One way a value fails its schema, with the path to the failing field (`queries[0].limit`).
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Validates JSON values against the subset of JSON Schema (draft 2020-12 / draft-07) that tool
/// schemas use: `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`,
/// `const`, numeric and length bounds, `pattern`, `anyOf`, `oneOf`, `allOf`, `not`.
/// Keywords outside that subset (`format`, `$ref`, …) are ignored rather than guessed at.
public struct JSONSchemaValidator: Sendable {
    /// Stop collecting after this many violations; one or two are enough to correct a call.
    public var maxViolations = 10

    public init() {}

    public func validate(_ value: JSONValue, against schema: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        check(value, schema, path: "", into: &violations)
        return violations
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, path: String, into violations: inout [SchemaViolation]) {
        guard violations.count < maxViolations else { return }
        if case .bool(let allowed) = schema {
            if !allowed { violations.append(SchemaViolation(path: path, message: "is not allowed")) }
            return
        }
        guard case .object(let keywords) = schema else { return }
        func fail(_ message: String) { violations.append(SchemaViolation(path: path, message: message)) }

        if let type = keywords["type"], !matchesType(value, type) {
            let expected = type.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? type.stringValue ?? "?"
            fail("expected \(expected), got \(describe(value))")
            return  // further keywords would only repeat the complaint
        }
        if let options = keywords["enum"]?.arrayValue, !options.contains(where: { equalAsJSON($0, value) }) {
            fail("must be one of \(options.map(\.jsonString).joined(separator: ", ")), got \(value.jsonString)")
        }
        if let constant = keywords["const"], !equalAsJSON(constant, value) {
            fail("must be \(constant.jsonString)")
        }
        if let number = value.doubleValue, value.boolValue == nil {
            if let minimum = keywords["minimum"]?.doubleValue, number < minimum { fail("must be at least \(format(minimum)), got \(format(number))") }
            if let maximum = keywords["maximum"]?.doubleValue, number > maximum { fail("must be at most \(format(maximum)), got \(format(number))") }
            if let bound = keywords["exclusiveMinimum"]?.doubleValue, number <= bound { fail("must be greater than \(format(bound))") }
            if let bound = keywords["exclusiveMaximum"]?.doubleValue, number >= bound { fail("must be less than \(format(bound))") }
        }
        if case .string(let string) = value {
            // JSON Schema counts code points. A string has at most as many as it has UTF-8 bytes
            // (known without a scan), so long content is only counted when it could be too long.
            let bytes = string.utf8.count
            if let minimum = keywords["minLength"]?.intValue, bytes < minimum || string.unicodeScalars.count < minimum {
                fail("must be at least \(minimum) characters long")
            }
            if let maximum = keywords["maxLength"]?.intValue, bytes > maximum, string.unicodeScalars.count > maximum {
                fail("must be at most \(maximum) characters long")
            }
            if let pattern = keywords["pattern"]?.stringValue, let regex = try? NSRegularExpression(pattern: pattern),
                regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil
            {
                fail("must match the pattern \(pattern)")
            }
        }
        if case .array(let elements) = value {
            if let minimum = keywords["minItems"]?.intValue, elements.count < minimum { fail("must have at least \(minimum) items") }
            if let maximum = keywords["maxItems"]?.intValue, elements.count > maximum { fail("must have at most \(maximum) items") }
            if keywords["uniqueItems"] == .bool(true), Set(elements).count != elements.count { fail("items must be unique") }
            if let itemSchema = keywords["items"] {
                for (position, element) in elements.enumerated() {
                    check(element, itemSchema, path: "\(path)[\(position)]", into: &violations)
                }
            }
        }
        if case .object(let members) = value {
            let properties = keywords["properties"]?.objectValue ?? [:]
            for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                violations.append(SchemaViolation(path: join(path, name), message: "required field is missing"))
            }
            for name in members.keys.sorted() {
                // A member is checked against its own schema, its absence being fine.
                guard let member = members[name] else { continue }
                if let propertySchema = properties[name] {
                    check(member, propertySchema, path: join(path, name), into: &violations)
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        let known = properties.keys.sorted().joined(separator: ", ")
                        violations.append(SchemaViolation(path: join(path, name), message: "unknown field (expected one of: \(known))"))
                    } else {
                        check(member, additional, path: join(path, name), into: &violations)
                    }
                }
            }
        }
        if let all = keywords["allOf"]?.arrayValue {
            for subschema in all { check(value, subschema, path: path, into: &violations) }
        }
        if let any = keywords["anyOf"]?.arrayValue, !any.contains(where: { validate(value, against: $0).isEmpty }) {
            fail("does not match any of the allowed forms")
        }
        if let one = keywords["oneOf"]?.arrayValue {
            let matches = one.filter { validate(value, against: $0).isEmpty }.count
            if matches != 1 { fail(matches == 0 ? "does not match any of the allowed forms" : "matches more than one of the allowed forms") }
        }
        if let negated = keywords["not"], validate(value, against: negated).isEmpty {
            fail("is not allowed in this form")
        }
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func matchesType(_ value: JSONValue, _ type: JSONValue) -> Bool {
        switch type {
        case .string(let name): return matches(value, name)
        case .array(let names): return names.contains { $0.stringValue.map { matches(value, $0) } ?? false }
        default: return true
        }
    }

    private func matches(_ value: JSONValue, _ typeName: String) -> Bool {
        switch (typeName, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .int), ("number", .double): return true
        case ("integer", .int): return true
        case ("integer", .double(let number)): return number.rounded() == number && number.isFinite
        default: return false
        }
    }

    /// Numbers compare by value, so `1` satisfies an enum of `1.0`.
    private func equalAsJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue, lhs.boolValue == nil, rhs.boolValue == nil {
            return left == right
        }
        return lhs == rhs
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): return "string \(JSONValue.string(string.count > 40 ? String(string.prefix(40)) + "…" : string).jsonString)"
        case .int, .double, .bool: return "\(value.typeName) \(value.jsonString)"
        default: return value.typeName
        }
    }

    private func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
