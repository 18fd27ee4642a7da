import Foundation

extension DecodingError {
    /// The error as one line naming the offending field, for JSON-RPC "invalid params" (-32602)
    /// messages: `arguments.limit: expected integer, found string`,
    /// `params.name: required field is missing`, `items[3].id: expected string, found null`.
    ///
    /// The path joins member names with dots and writes array positions as `[n]`; an error at the
    /// top level has no path prefix. Errors from ``JSONValueDecoder`` carry their message ready-made;
    /// for other decoders (Foundation's `JSONDecoder`) the message is rebuilt from the error's parts.
    public var fieldDescription: String {
        let path: [any CodingKey]
        let message: String
        switch self {
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = "required field is missing"
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = Self.ownMessage(context)
                ?? "expected \(Self.schemaName(type)), found \(Self.foundName(context.debugDescription) ?? "another type")"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            if let own = Self.ownMessage(context) {
                message = own
            } else if context.debugDescription.lowercased().contains("null") {
                message = "expected \(Self.schemaName(type)), found null"
            } else {
                message = "required value is missing"
            }
        case .dataCorrupted(let context):
            path = context.codingPath
            message = Self.ownMessage(context) ?? Self.sentenceFragment(context.debugDescription)
        @unknown default:
            path = []
            message = "\(self)"
        }
        let rendered = Self.render(path)
        return Self.singleLine(rendered.isEmpty ? message : "\(rendered): \(message)")
    }

    /// `items[3].name`: dots between member names, brackets around array positions.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = arrayIndex(key) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    /// The array position a key stands for: ours say so, Foundation's are spelled `Index n`.
    private static func arrayIndex(_ key: any CodingKey) -> Int? {
        if let ours = key as? JSONCodingKey { return ours.isIndex ? ours.intValue : nil }
        if let index = key.intValue, key.stringValue == "Index \(index)" { return index }
        return nil
    }

    private static func ownMessage(_ context: Context) -> String? {
        context.underlyingError is JSONDecodingIssue ? context.debugDescription : nil
    }

    /// The JSON Schema name for a Swift type, for messages about errors from other decoders.
    static func schemaName(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "boolean"
        case is String.Type: return "string"
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
            is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "integer"
        case is Double.Type, is Float.Type: return "number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array<") { return "array" }
            if name.hasPrefix("Dictionary<") { return "object" }
            return name
        }
    }

    /// What Foundation's "Expected to decode Int but found a string instead." says was found.
    private static func foundName(_ description: String) -> String? {
        guard let range = description.range(of: "found ") else { return nil }
        var words = description[range.upperBound...].split(separator: " ").map(String.init)
        if let first = words.first, first == "a" || first == "an" { words.removeFirst() }
        guard var word = words.first else { return nil }
        word = word.trimmingCharacters(in: [".", ","])
        switch word {
        case "dictionary": return "object"
        case "bool", "Bool": return "boolean"
        default: return word
        }
    }

    /// A debug description as a message fragment: lower-case start, no final full stop.
    private static func sentenceFragment(_ text: String) -> String {
        var fragment = text.hasSuffix(".") ? String(text.dropLast()) : text
        if let first = fragment.first, first.isUppercase, fragment.dropFirst().first?.isLowercase ?? false {
            fragment = first.lowercased() + fragment.dropFirst()
        }
        return fragment
    }

    /// Control characters escaped, since member names come from the untrusted request.
    private static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
