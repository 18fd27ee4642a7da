/// `JSONValue` is `Codable` so it can sit inside any Codable type.
///
/// With ``JSONValueEncoder`` and ``JSONValueDecoder`` the subtree is copied as it is. With other
/// coders (Foundation's `JSONEncoder`/`JSONDecoder`) it goes through a single-value container,
/// trying null, Bool, Int, Double and String, then an object, then an array. Such coders may not
/// keep the int/double distinction: Foundation writes `1.0` as `1`, which reads back as `.int(1)`.
extension JSONValue: Codable {
    /// Decodes whatever JSON value the decoder holds.
    public init(from decoder: any Decoder) throws {
        if let tree = decoder as? JSONTreeDecoder {
            self = tree.value
            return
        }
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() {
                self = .null
                return
            }
            // Bool before the numbers: NSNumber-based decoders also hand out `true` as the Int 1.
            if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
                return
            }
            if let integer = try? single.decode(Int.self) {
                self = .int(integer)
                return
            }
            if let double = try? single.decode(Double.self) {
                self = .double(double)
                return
            }
            if let string = try? single.decode(String.self) {
                self = .string(string)
                return
            }
        }
        if let keyed = try? decoder.container(keyedBy: JSONCodingKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys {
                members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
            }
            self = .object(members)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            if let count = unkeyed.count { elements.reserveCapacity(count) }
            while !unkeyed.isAtEnd {
                elements.append(try unkeyed.decode(JSONValue.self))
            }
            self = .array(elements)
            return
        }
        throw DecodingError.dataCorrupted(
            .init(codingPath: decoder.codingPath, debugDescription: "expected a JSON value")
        )
    }

    /// Encodes this value with the matching container kind.
    public func encode(to encoder: any Encoder) throws {
        if let tree = encoder as? JSONTreeEncoder {
            tree.node.setSingle(self)
            return
        }
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .int(let integer):
            var single = encoder.singleValueContainer()
            try single.encode(integer)
        case .double(let double):
            var single = encoder.singleValueContainer()
            try single.encode(double)
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .array(let elements):
            var unkeyed = encoder.unkeyedContainer()
            for element in elements { try unkeyed.encode(element) }
        case .object(let members):
            var keyed = encoder.container(keyedBy: JSONCodingKey.self)
            for (key, member) in members { try keyed.encode(member, forKey: JSONCodingKey(stringValue: key)) }
        }
    }
}
