import Foundation

/// Decodes `Decodable` values straight from a ``JSONValue`` tree.
///
/// Errors are standard `DecodingError`s with the full coding path; their
/// ``Swift/DecodingError/fieldDescription`` turns them into one line fit for a JSON-RPC
/// "invalid params" message. The accepted shapes mirror ``JSONValueEncoder``:
/// - integer types take ``JSONValue/int(_:)`` or an integral ``JSONValue/double(_:)`` in range;
///   a fractional number is a type mismatch and an out-of-range one is data corruption;
/// - `Double` and `Float` take any number;
/// - `Data` comes from base64, `Date` from RFC 3339 (fractional seconds optional) or a bare
///   `YYYY-MM-DD` meaning midnight UTC, `URL` from a string, `Decimal` from a number;
/// - a ``JSONValue`` anywhere receives the subtree as it is (but a `JSONValue?` member that is
///   `null` reads as `nil`, like every optional);
/// - `decodeNil(forKey:)` is true for `null` and for a missing member, so optionals may be absent.
public struct JSONValueDecoder: Sendable {
    /// Context handed to `init(from:)` implementations through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder.
    public init() {}

    /// Decodes a `T` from `value`.
    /// - Throws: `DecodingError` locating the first part of `value` that does not fit `T`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONTreeDecoder(value: value, codingPath: [], userInfo: userInfo).unbox(value, as: type, at: [])
    }
}

/// Marks a `DecodingError` whose debug description was written by ``JSONValueDecoder`` in the short
/// form (`expected integer, found string`) that ``Swift/DecodingError/fieldDescription`` uses as is.
struct JSONDecodingIssue: Error, CustomStringConvertible {
    let description: String
}

/// Builders for the errors ``JSONValueDecoder`` throws.
enum JSONDecodingFailure {
    static func context(_ path: [any CodingKey], _ message: String) -> DecodingError.Context {
        .init(codingPath: path, debugDescription: message, underlyingError: JSONDecodingIssue(description: message))
    }

    /// The wrong kind of value; `null` where a value is required is `valueNotFound`, as Foundation does.
    static func mismatch(_ type: Any.Type, expected: String, found value: JSONValue, at path: [any CodingKey])
        -> DecodingError
    {
        let message = "expected \(expected), found \(value.typeName)"
        if value.isNull { return .valueNotFound(type, context(path, message)) }
        return .typeMismatch(type, context(path, message))
    }

    static func corrupted(_ message: String, at path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(context(path, message))
    }

    /// A string value shortened for an error message, so hostile input cannot flood logs.
    static func quoted(_ text: String) -> String {
        let limit = 40
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return JSONValue.string(shown).jsonString
    }
}

/// The `Decoder` handed to `init(from:)`; one per value. It doubles as that value's single-value
/// container.
final class JSONTreeDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    init(value: JSONValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    func child(_ value: JSONValue, at path: [any CodingKey]) -> JSONTreeDecoder {
        JSONTreeDecoder(value: value, codingPath: path, userInfo: sendableUserInfo)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw JSONDecodingFailure.mismatch([String: JSONValue].self, expected: "object", found: value, at: codingPath)
        }
        return KeyedDecodingContainer(
            JSONKeyedDecodingContainer<Key>(decoder: self, members: members, codingPath: codingPath)
        )
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONDecodingFailure.mismatch([JSONValue].self, expected: "array", found: value, at: codingPath)
        }
        return JSONUnkeyedDecodingContainer(decoder: self, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Unboxing

    /// Decodes `value` at `path` as a `T`: special types directly, the rest through `T(from:)`.
    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, at path: [any CodingKey]) throws -> T {
        // Exact type checks rather than `as? T`, which would also match `Optional<JSONValue>` and
        // turn `null` into `.some(.null)` instead of `nil`.
        if type == JSONValue.self, let result = value as? T { return result }
        if type == String.self, let result = try Self.string(value, at: path) as? T { return result }
        if type == Int.self, let result = try Self.integer(value, as: Int.self, at: path) as? T { return result }
        if type == Bool.self, let result = try Self.bool(value, at: path) as? T { return result }
        if type == Double.self, let result = try Self.double(value, at: path) as? T { return result }
        if type == Date.self, let result = try Self.date(value, at: path) as? T { return result }
        if type == Data.self, let result = try Self.data(value, at: path) as? T { return result }
        if type == URL.self, let result = try Self.url(value, at: path) as? T { return result }
        if type == Decimal.self, let result = try Self.decimal(value, at: path) as? T { return result }
        return try T(from: child(value, at: path))
    }

    static func bool(_ value: JSONValue, at path: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else {
            throw JSONDecodingFailure.mismatch(Bool.self, expected: "boolean", found: value, at: path)
        }
        return flag
    }

    static func string(_ value: JSONValue, at path: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else {
            throw JSONDecodingFailure.mismatch(String.self, expected: "string", found: value, at: path)
        }
        return text
    }

    static func integer<I: FixedWidthInteger>(_ value: JSONValue, as type: I.Type, at path: [any CodingKey]) throws -> I {
        let result: I?
        switch value {
        case .int(let integer):
            result = I(exactly: integer)
        case .double(let double):
            // A fractional number is the wrong kind of value, not merely a value out of range.
            guard double.isFinite, double.rounded(.towardZero) == double else {
                throw DecodingError.typeMismatch(
                    type, JSONDecodingFailure.context(path, "expected integer, found \(value.jsonString)")
                )
            }
            result = I(exactly: double)
        default:
            throw JSONDecodingFailure.mismatch(type, expected: "integer", found: value, at: path)
        }
        guard let result else {
            throw JSONDecodingFailure.corrupted(
                "expected integer between \(I.min) and \(I.max), found \(value.jsonString)", at: path
            )
        }
        return result
    }

    static func double(_ value: JSONValue, at path: [any CodingKey]) throws -> Double {
        switch value {
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        default: throw JSONDecodingFailure.mismatch(Double.self, expected: "number", found: value, at: path)
        }
    }

    static func float(_ value: JSONValue, at path: [any CodingKey]) throws -> Float {
        switch value {
        case .int(let integer): return Float(integer)
        case .double(let double):
            guard abs(double) <= Double(Float.greatestFiniteMagnitude) else {
                throw JSONDecodingFailure.corrupted("number \(value.jsonString) does not fit in Float", at: path)
            }
            return Float(double)
        default: throw JSONDecodingFailure.mismatch(Float.self, expected: "number", found: value, at: path)
        }
    }

    static func date(_ value: JSONValue, at path: [any CodingKey]) throws -> Date {
        guard case .string(let text) = value else {
            throw JSONDecodingFailure.mismatch(Date.self, expected: "RFC 3339 date string", found: value, at: path)
        }
        guard let date = RFC3339.parse(text) else {
            throw JSONDecodingFailure.corrupted(
                "expected RFC 3339 date, found \(JSONDecodingFailure.quoted(text))", at: path
            )
        }
        return date
    }

    static func data(_ value: JSONValue, at path: [any CodingKey]) throws -> Data {
        guard case .string(let text) = value else {
            throw JSONDecodingFailure.mismatch(Data.self, expected: "base64 string", found: value, at: path)
        }
        guard let data = Data(base64Encoded: text) else {
            throw JSONDecodingFailure.corrupted("expected base64 data, found invalid base64", at: path)
        }
        return data
    }

    static func url(_ value: JSONValue, at path: [any CodingKey]) throws -> URL {
        guard case .string(let text) = value else {
            throw JSONDecodingFailure.mismatch(URL.self, expected: "URL string", found: value, at: path)
        }
        guard let url = URL(string: text) else {
            throw JSONDecodingFailure.corrupted("expected URL, found \(JSONDecodingFailure.quoted(text))", at: path)
        }
        return url
    }

    static func decimal(_ value: JSONValue, at path: [any CodingKey]) throws -> Decimal {
        switch value {
        case .int(let integer): return Decimal(integer)
        // Through the shortest decimal text, so 0.1 becomes exactly 0.1 rather than the binary value.
        case .double(let double): return Decimal(string: "\(double)") ?? Decimal(double)
        default: throw JSONDecodingFailure.mismatch(Decimal.self, expected: "number", found: value, at: path)
        }
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try Self.bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try Self.string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Self.double(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Self.float(value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Self.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Self.integer(value, as: type, at: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(value, as: type, at: codingPath) }
}

struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONTreeDecoder
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    /// True for `null` and for an absent member, so a missing optional reads as `nil`.
    func decodeNil(forKey key: Key) throws -> Bool { members[key.stringValue]?.isNull ?? true }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, JSONDecodingFailure.context(codingPath, "required field \"\(key.stringValue)\" is missing")
            )
        }
        return value
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONTreeDecoder.bool(member(key), at: codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONTreeDecoder.string(member(key), at: codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONTreeDecoder.double(member(key), at: codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try JSONTreeDecoder.float(member(key), at: codingPath + [key])
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try JSONTreeDecoder.integer(member(key), as: I.self, at: codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unbox(member(key), as: type, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(member(key), at: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(member(key), at: codingPath + [key]).unkeyedContainer()
    }

    // A missing super member reads as null, as with Foundation, so a superclass with only
    // optional properties still decodes.
    func superDecoder() throws -> any Decoder {
        decoder.child(members[JSONCodingKey.superKey.stringValue] ?? .null, at: codingPath + [JSONCodingKey.superKey])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(members[key.stringValue] ?? .null, at: codingPath + [key])
    }
}

struct JSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: JSONTreeDecoder
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: JSONTreeDecoder, elements: [JSONValue], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentPath: [any CodingKey] { codingPath + [JSONCodingKey(index: currentIndex)] }

    private func endOfArray(_ type: Any.Type) -> DecodingError {
        .valueNotFound(
            type,
            JSONDecodingFailure.context(currentPath, "required element is missing (the array has \(elements.count))")
        )
    }

    /// Decodes the current element and moves past it, only on success, as Foundation does, so a
    /// caller may retry the same element as another type.
    private mutating func next<T>(_ type: T.Type, _ body: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        guard !isAtEnd else { throw endOfArray(type) }
        let result = try body(elements[currentIndex], currentPath)
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw endOfArray(Any?.self) }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type, JSONTreeDecoder.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type, JSONTreeDecoder.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type, JSONTreeDecoder.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type, JSONTreeDecoder.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private mutating func integer<I: FixedWidthInteger>() throws -> I {
        try next(I.self) { value, path in try JSONTreeDecoder.integer(value, as: I.self, at: path) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = self.decoder
        return try next(type) { value, path in try decoder.unbox(value, as: type, at: path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let decoder = self.decoder
        return try next(KeyedDecodingContainer<NestedKey>.self) { value, path in
            try decoder.child(value, at: path).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let decoder = self.decoder
        return try next((any UnkeyedDecodingContainer).self) { value, path in
            try decoder.child(value, at: path).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = self.decoder
        return try next((any Decoder).self) { value, path in decoder.child(value, at: path) }
    }
}
