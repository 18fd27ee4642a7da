import Foundation

/// Encodes `Encodable` values straight into a ``JSONValue`` tree, with no `Data` round trip.
///
/// The mapping is fixed rather than configurable, because MCP peers expect one wire shape:
/// - integers of every width become ``JSONValue/int(_:)``; a `UInt`/`UInt64` above `Int.max` becomes
///   ``JSONValue/double(_:)``;
/// - `Double` and `Float` always become ``JSONValue/double(_:)``, even when integral, so a value's
///   declared type survives; non-finite values are refused because JSON cannot carry them;
/// - `Data` becomes a base64 string, `Date` an RFC 3339 UTC string with milliseconds
///   (`2025-07-05T14:03:22.417Z`), `URL` its absolute string, `Decimal` a number;
/// - a ``JSONValue`` found anywhere in the value is embedded as it is;
/// - optionals encoded with `encodeIfPresent` (as synthesized conformances do) are left out.
public struct JSONValueEncoder: Sendable {
    /// Context handed to `encode(to:)` implementations through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates an encoder.
    public init() {}

    /// Encodes `value` as a JSON value tree.
    /// - Throws: `EncodingError.invalidValue` for a non-finite floating-point number, a date too far
    ///   from 1970 to write, or a top-level value that encodes nothing.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodingNode()
        let encoder = JSONTreeEncoder(node: root, codingPath: [], userInfo: userInfo)
        if let special = try encoder.specialValue(value, at: []) { return special }
        try value.encode(to: encoder)
        guard root.kind != .empty else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values.")
            )
        }
        return root.value
    }
}

/// A mutable node of the tree being built.
///
/// Containers hold a reference to their node so that nested containers and super encoders can
/// still fill in their part after the parent has moved on, as the Codable contract allows.
final class EncodingNode {
    enum Kind { case empty, single, object, array }

    /// A child slot: finished values are stored inline, so leaves cost no allocation.
    enum Slot {
        case value(JSONValue)
        case node(EncodingNode)

        var value: JSONValue {
            switch self {
            case .value(let value): return value
            case .node(let node): return node.value
            }
        }
    }

    var kind = Kind.empty
    var single = JSONValue.null
    var members: [String: Slot] = [:]
    var elements: [Slot] = []

    /// The finished value. A node nobody wrote to is `{}`, as Foundation's encoder does for an
    /// unused nested or super encoder.
    var value: JSONValue {
        switch kind {
        case .empty: return .object([:])
        case .single: return single
        case .object: return .object(members.mapValues(\.value))
        case .array: return .array(elements.map(\.value))
        }
    }

    func setSingle(_ value: JSONValue) {
        kind = .single
        single = value
        members = [:]
        elements = []
    }

    /// Makes this node an object, keeping members already written by an earlier keyed container.
    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        elements = []
    }

    /// Makes this node an array, keeping elements already written by an earlier unkeyed container.
    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        members = [:]
    }
}

/// The `Encoder` handed to `encode(to:)`; one per value slot. It doubles as that slot's
/// single-value container.
final class JSONTreeEncoder: Encoder, SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    init(node: EncodingNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(node: node, encoder: self, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return JSONUnkeyedEncodingContainer(node: node, encoder: self, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// An encoder for a fresh child node at `path`.
    func child(_ node: EncodingNode, at path: [any CodingKey]) -> JSONTreeEncoder {
        JSONTreeEncoder(node: node, codingPath: path, userInfo: sendableUserInfo)
    }

    /// The JSON for types that are encoded directly rather than through their own `encode(to:)`:
    /// ``JSONValue`` itself, the common primitives (to save a node), and the Foundation types whose
    /// own Codable form is not what JSON peers expect.
    func specialValue<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> JSONValue? {
        if let json = value as? JSONValue { return json }
        if let string = value as? String { return .string(string) }
        if let integer = value as? Int { return .int(integer) }
        if let flag = value as? Bool { return .bool(flag) }
        if let double = value as? Double { return try Self.number(double, at: path) }
        if let date = value as? Date {
            guard let text = RFC3339.format(date) else {
                throw EncodingError.invalidValue(
                    date, .init(codingPath: path, debugDescription: "Date \(date) cannot be written as RFC 3339.")
                )
            }
            return .string(text)
        }
        if let data = value as? Data { return .string(data.base64EncodedString()) }
        if let url = value as? URL { return .string(url.absoluteString) }
        if let decimal = value as? Decimal {
            // Integral decimals that fit stay integers, like any other integer on the wire.
            let text = decimal.description
            if let integer = Int(text) { return .int(integer) }
            return try Self.number(Double(text) ?? .nan, at: path)
        }
        return nil
    }

    /// Encodes `value` into a new slot at `path`.
    func box<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> EncodingNode.Slot {
        if let special = try specialValue(value, at: path) { return .value(special) }
        let node = EncodingNode()
        try value.encode(to: child(node, at: path))
        // A value that wrote one primitive needs no node of its own.
        if node.kind == .single { return .value(node.single) }
        return .node(node)
    }

    static func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "\(value) cannot be represented in JSON.")
            )
        }
        return .double(value)
    }

    static func number(_ value: Float, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "\(value) cannot be represented in JSON.")
            )
        }
        // Via the shortest decimal form, so Float 0.1 becomes 0.1 and not 0.10000000149011612.
        return .double(Double(value.description) ?? Double(value))
    }

    static func number<I: FixedWidthInteger>(_ value: I) -> JSONValue {
        if let integer = Int(exactly: value) { return .int(integer) }
        return .double(Double(value))
    }

    // MARK: SingleValueEncodingContainer

    func encodeNil() throws { node.setSingle(.null) }
    func encode(_ value: Bool) throws { node.setSingle(.bool(value)) }
    func encode(_ value: String) throws { node.setSingle(.string(value)) }
    func encode(_ value: Double) throws { node.setSingle(try Self.number(value, at: codingPath)) }
    func encode(_ value: Float) throws { node.setSingle(try Self.number(value, at: codingPath)) }
    func encode(_ value: Int) throws { node.setSingle(.int(value)) }
    func encode(_ value: Int8) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: Int16) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: Int32) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: Int64) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: UInt) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: UInt8) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: UInt16) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: UInt32) throws { node.setSingle(Self.number(value)) }
    func encode(_ value: UInt64) throws { node.setSingle(Self.number(value)) }

    func encode<T: Encodable>(_ value: T) throws {
        if let special = try specialValue(value, at: codingPath) {
            node.setSingle(special)
        } else {
            // A single-value container adds no path component, so the value writes into this node.
            try value.encode(to: self)
        }
    }
}

struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let encoder: JSONTreeEncoder
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.members[key.stringValue] = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try JSONTreeEncoder.number(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONTreeEncoder.number(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(JSONTreeEncoder.number(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.members[key.stringValue] = try encoder.box(value, at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = existingNode(key) ?? newNode(key)
        child.becomeObject()
        return KeyedEncodingContainer(
            JSONKeyedEncodingContainer<NestedKey>(node: child, encoder: encoder, codingPath: codingPath + [key])
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = existingNode(key) ?? newNode(key)
        child.becomeArray()
        return JSONUnkeyedEncodingContainer(node: child, encoder: encoder, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.members[JSONCodingKey.superKey.stringValue] = .node(child)
        return encoder.child(child, at: codingPath + [JSONCodingKey.superKey])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.child(newNode(key), at: codingPath + [key])
    }

    /// The node already under `key`, so asking twice for a nested container extends it.
    private func existingNode(_ key: Key) -> EncodingNode? {
        if case .node(let child) = node.members[key.stringValue] { return child }
        return nil
    }

    private func newNode(_ key: Key) -> EncodingNode {
        let child = EncodingNode()
        node.members[key.stringValue] = .node(child)
        return child
    }
}

struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let encoder: JSONTreeEncoder
    let codingPath: [any CodingKey]

    var count: Int { node.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONCodingKey(index: count)] }
    private func append(_ value: JSONValue) { node.elements.append(.value(value)) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONTreeEncoder.number(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try JSONTreeEncoder.number(value, at: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Int8) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int16) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int32) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Int64) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt8) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt16) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt32) throws { append(JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: UInt64) throws { append(JSONTreeEncoder.number(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.elements.append(try encoder.box(value, at: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = EncodingNode()
        child.becomeObject()
        node.elements.append(.node(child))
        return KeyedEncodingContainer(
            JSONKeyedEncodingContainer<NestedKey>(node: child, encoder: encoder, codingPath: path)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = EncodingNode()
        child.becomeArray()
        node.elements.append(.node(child))
        return JSONUnkeyedEncodingContainer(node: child, encoder: encoder, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let child = EncodingNode()
        node.elements.append(.node(child))
        return encoder.child(child, at: path)
    }
}
