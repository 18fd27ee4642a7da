import Foundation
import Testing

@testable import MCP

// MARK: Fixtures

private enum Priority: String, Codable, Equatable {
    case low, high
}

private enum Level: Int, Codable, Equatable {
    case debug = 10
    case error = 40
}

private struct Address: Codable, Equatable {
    var street: String
    var zip: String?
}

private struct Person: Codable, Equatable {
    var name: String
    var age: Int
    var nickname: String?
    var score: Double
    var address: Address?
    var tags: [String]
    var counts: [String: Int]
    var priority: Priority
    var level: Level
    var avatar: Data
    var born: Date
    var extra: JSONValue
    var maybeExtra: JSONValue?
    var matrix: [[Int]]
    var history: [Address]
}

private enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case label(String)
    case empty
}

private struct Params: Decodable {
    var name: String
    var limit: Int
}

private struct Call: Decodable {
    var method: String
    var params: Params
}

private struct Item: Codable {
    var id: String
    var size: UInt8
}

private struct Batch: Decodable {
    var items: [Item]
}

private struct Widths: Codable, Equatable {
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var u: UInt
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
    var f: Float
    var d: Double
}

private class Animal: Codable {
    var legs: Int
    init(legs: Int) { self.legs = legs }
}

private final class Dog: Animal {
    var name: String
    init(legs: Int, name: String) {
        self.name = name
        super.init(legs: legs)
    }

    private enum CodingKeys: String, CodingKey { case name }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try super.encode(to: container.superEncoder())
    }
}

/// Exercises nested keyed and unkeyed containers and super coders by hand.
private struct Manual: Codable, Equatable {
    var title: String
    var point: (x: Int, y: Int)
    var mixed: [JSONValue]
    var inner: Int

    static func == (lhs: Manual, rhs: Manual) -> Bool {
        lhs.title == rhs.title && lhs.point == rhs.point && lhs.mixed == rhs.mixed && lhs.inner == rhs.inner
    }

    init(title: String, point: (x: Int, y: Int), mixed: [JSONValue], inner: Int) {
        self.title = title
        self.point = point
        self.mixed = mixed
        self.inner = inner
    }

    private enum Keys: String, CodingKey { case title, point, list, wrapper }
    private enum PointKeys: String, CodingKey { case x, y }
    private enum WrapperKeys: String, CodingKey { case inner }

    func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: Keys.self)
        try root.encode(title, forKey: .title)
        var point = root.nestedContainer(keyedBy: PointKeys.self, forKey: .point)
        try point.encode(self.point.x, forKey: .x)
        try point.encode(self.point.y, forKey: .y)
        var list = root.nestedUnkeyedContainer(forKey: .list)
        var pair = list.nestedUnkeyedContainer()
        try pair.encode(true)
        try pair.encodeNil()
        var object = list.nestedContainer(keyedBy: PointKeys.self)
        try object.encode("a", forKey: .x)
        for value in mixed { try list.encode(value) }
        var single = list.superEncoder().singleValueContainer()
        try single.encode(Int8(-3))
        var wrapper = root.superEncoder(forKey: .wrapper).container(keyedBy: WrapperKeys.self)
        try wrapper.encode(inner, forKey: .inner)
    }

    init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: Keys.self)
        title = try root.decode(String.self, forKey: .title)
        let point = try root.nestedContainer(keyedBy: PointKeys.self, forKey: .point)
        self.point = (try point.decode(Int.self, forKey: .x), try point.decode(Int.self, forKey: .y))
        var list = try root.nestedUnkeyedContainer(forKey: .list)
        var pair = try list.nestedUnkeyedContainer()
        guard try pair.decode(Bool.self), try pair.decodeNil(), pair.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: pair, debugDescription: "bad pair")
        }
        let object = try list.nestedContainer(keyedBy: PointKeys.self)
        guard try object.decode(String.self, forKey: .x) == "a" else {
            throw DecodingError.dataCorruptedError(forKey: .x, in: object, debugDescription: "bad object")
        }
        var mixed: [JSONValue] = []
        while let count = list.count, list.currentIndex < count - 1 {
            mixed.append(try list.decode(JSONValue.self))
        }
        self.mixed = mixed
        guard try list.superDecoder().singleValueContainer().decode(Int8.self) == -3 else {
            throw DecodingError.dataCorruptedError(in: list, debugDescription: "bad tail")
        }
        let wrapper = try root.superDecoder(forKey: .wrapper).container(keyedBy: WrapperKeys.self)
        inner = try wrapper.decode(Int.self, forKey: .inner)
    }
}

private struct UserInfoReader: Codable {
    static let key = CodingUserInfoKey(rawValue: "tenant")!
    var tenant: String

    init(tenant: String) { self.tenant = tenant }

    init(from decoder: any Decoder) throws {
        tenant = decoder.userInfo[Self.key] as? String ?? "none"
    }

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(encoder.userInfo[Self.key] as? String ?? "none")
    }
}

private struct EncodesNothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

/// Decodes `value` as `T`, expecting a `DecodingError`, and returns it.
private func decodingError<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> DecodingError? {
    do {
        let result = try JSONValueDecoder().decode(type, from: value)
        Issue.record("expected a decoding error, got \(result)")
        return nil
    } catch let error as DecodingError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite("Codable bridge")
struct CodableBridgeTests {
    let encoder = JSONValueEncoder()
    let decoder = JSONValueDecoder()

    // 2025-07-05T14:03:22.417Z
    let born = Date(timeIntervalSince1970: 1_751_724_202.417)

    private func samplePerson() -> Person {
        Person(
            name: "Ada", age: 36, nickname: nil, score: 2.0,
            address: Address(street: "1 Loop", zip: nil),
            tags: ["a", "b"], counts: ["x": 1, "y": 2],
            priority: .high, level: .error,
            avatar: Data([0, 1, 2, 250, 255]), born: born,
            extra: ["free": [1, "form", nil, 2.5], "deep": ["k": true]],
            maybeExtra: nil,
            matrix: [[1, 2], [], [3]],
            history: [Address(street: "Old", zip: "123")]
        )
    }

    // MARK: Encoding shape

    @Test func encodesTheExpectedTree() throws {
        let value = try encoder.encode(samplePerson())
        let expected: JSONValue = [
            "name": "Ada", "age": 36, "score": .double(2.0),
            "address": ["street": "1 Loop"],
            "tags": ["a", "b"], "counts": ["x": 1, "y": 2],
            "priority": "high", "level": 40,
            "avatar": "AAEC+v8=", "born": "2025-07-05T14:03:22.417Z",
            "extra": ["free": [1, "form", nil, 2.5], "deep": ["k": true]],
            "matrix": [[1, 2], [], [3]],
            "history": [["street": "Old", "zip": "123"]],
        ]
        #expect(value == expected)
        // Absent optionals are omitted, not written as null.
        #expect(value["nickname"] == nil)
        #expect(value["maybeExtra"] == nil)
        #expect(value["address"]?["zip"] == nil)
    }

    @Test func roundTripsNestedValues() throws {
        var person = samplePerson()
        #expect(try decoder.decode(Person.self, from: encoder.encode(person)) == person)
        person.nickname = "Countess"
        person.maybeExtra = ["x": [1, 2]]
        person.address = nil
        person.counts = [:]
        #expect(try decoder.decode(Person.self, from: encoder.encode(person)) == person)
        // Through text as well: the bridge and the parser/serializer agree.
        let text = try encoder.encode(person).jsonString
        #expect(try decoder.decode(Person.self, from: JSONValue(parsing: text)) == person)
    }

    @Test func roundTripsEnumsWithPayloads() throws {
        let shapes: [Shape] = [.circle(radius: 1.5), .label("hi"), .empty]
        let value = try encoder.encode(shapes)
        #expect(value[0] == ["circle": ["radius": 1.5]])
        #expect(value[1] == ["label": ["_0": "hi"]])
        #expect(try decoder.decode([Shape].self, from: value) == shapes)
    }

    @Test func topLevelValues() throws {
        #expect(try encoder.encode(5) == .int(5))
        #expect(try encoder.encode("s") == .string("s"))
        #expect(try encoder.encode(Optional<Int>.none) == .null)
        #expect(try encoder.encode([1, 2]) == [1, 2])
        #expect(try encoder.encode(["k": [true]]) == ["k": [true]])
        #expect(try encoder.encode(Priority.low) == "low")
        #expect(try decoder.decode(Int?.self, from: .null) == nil)
        #expect(try decoder.decode([Int?].self, from: [1, nil]) == [1, nil])
        #expect(try decoder.decode([String: Level].self, from: ["a": 10]) == ["a": .debug])
        #expect(throws: EncodingError.self) { try encoder.encode(EncodesNothing()) }
    }

    @Test func integerKeyedDictionariesUseStringKeys() throws {
        let value = try encoder.encode([1: "one", 2: "two"])
        #expect(value == ["1": "one", "2": "two"])
        #expect(try decoder.decode([Int: String].self, from: value) == [1: "one", 2: "two"])
    }

    // MARK: Numbers

    @Test func numberWidths() throws {
        let widths = Widths(
            i8: .min, i16: .max, i32: .min, i64: .max, u: 7, u8: .max, u16: .max, u32: .max, u64: 42,
            f: 0.1, d: 3
        )
        let value = try encoder.encode(widths)
        #expect(value["i8"] == .int(-128))
        #expect(value["i64"] == .int(Int.max))
        #expect(value["u32"] == .int(4_294_967_295))
        #expect(value["u64"] == .int(42))
        // Integral doubles keep their type; a Float goes through its shortest decimal form.
        #expect(value["d"] == .double(3))
        #expect(value["f"] == .double(0.1))
        #expect(try decoder.decode(Widths.self, from: value) == widths)
    }

    @Test func hugeUnsignedBecomesDouble() throws {
        #expect(try encoder.encode(UInt64.max) == .double(18_446_744_073_709_551_616))
        #expect(try encoder.encode(UInt(Int.max)) == .int(Int.max))
        #expect(try encoder.encode([UInt64(Int.max) + 1]) == [.double(9_223_372_036_854_775_808)])
        // 2^63 is exact as a double and fits UInt64, so it decodes back.
        #expect(try decoder.decode(UInt64.self, from: .double(9_223_372_036_854_775_808)) == 1 << 63)
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try encoder.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try encoder.encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try encoder.encode([Float.nan]) }
    }

    @Test func integerStrictness() throws {
        #expect(try decoder.decode(Int.self, from: .double(3.0)) == 3)
        #expect(try decoder.decode(Int8.self, from: .double(-128)) == -128)
        #expect(try decoder.decode(UInt8.self, from: .int(255)) == 255)
        #expect(try decoder.decode(Double.self, from: .int(3)) == 3.0)
        #expect(try decoder.decode(Float.self, from: .double(0.5)) == 0.5)
        #expect(try decoder.decode(Decimal.self, from: .double(0.1)) == Decimal(string: "0.1"))

        guard case .typeMismatch? = decodingError(Int.self, .double(3.5)) else {
            Issue.record("a fraction is not an integer")
            return
        }
        guard case .dataCorrupted? = decodingError(UInt8.self, .int(256)) else {
            Issue.record("256 does not fit UInt8")
            return
        }
        guard case .dataCorrupted? = decodingError(UInt.self, .int(-1)) else {
            Issue.record("-1 does not fit UInt")
            return
        }
        guard case .dataCorrupted? = decodingError(Int.self, .double(1e30)) else {
            Issue.record("1e30 does not fit Int")
            return
        }
        guard case .dataCorrupted? = decodingError(Float.self, .double(1e300)) else {
            Issue.record("1e300 does not fit Float")
            return
        }
        guard case .typeMismatch? = decodingError(Int.self, .string("3")) else {
            Issue.record("a string is not an integer")
            return
        }
        guard case .typeMismatch? = decodingError(Bool.self, .int(1)) else {
            Issue.record("1 is not a Bool")
            return
        }
        guard case .typeMismatch? = decodingError(Double.self, .string("1.5")) else {
            Issue.record("a string is not a Double")
            return
        }
        guard case .valueNotFound? = decodingError(Int.self, .null) else {
            Issue.record("null is no Int")
            return
        }
    }

    // MARK: Data and Date

    @Test func dataIsBase64() throws {
        let bytes = Data("héllo".utf8)
        #expect(try encoder.encode(bytes) == .string(bytes.base64EncodedString()))
        #expect(try encoder.encode(Data()) == "")
        #expect(try decoder.decode(Data.self, from: "aMOpbGxv") == bytes)
        #expect(decodingError(Data.self, "not base64!")?.fieldDescription == "expected base64 data, found invalid base64")
        #expect(decodingError(Data.self, [1])?.fieldDescription == "expected base64 string, found array")
    }

    @Test func datesAreRFC3339() throws {
        #expect(try encoder.encode(born) == "2025-07-05T14:03:22.417Z")
        #expect(try encoder.encode(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        // Before 1970 the day must still be the right one.
        #expect(try encoder.encode(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(try encoder.encode(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        // Rounded to the nearest millisecond, carrying into the seconds.
        #expect(try encoder.encode(Date(timeIntervalSince1970: 59.9996)) == "1970-01-01T00:01:00.000Z")
        #expect(try decoder.decode(Date.self, from: encoder.encode(born)) == born)
    }

    @Test(
        "RFC 3339 dates decode",
        arguments: [
            ("2025-07-05T14:03:22.417Z", 1_751_724_202.417),
            ("2025-07-05T14:03:22Z", 1_751_724_202),
            ("2025-07-05t14:03:22z", 1_751_724_202),
            ("2025-07-05 14:03:22Z", 1_751_724_202),
            ("2025-07-05T16:03:22.5+02:00", 1_751_724_202.5),
            ("2025-07-05T09:33:22-04:30", 1_751_724_202),
            ("2025-07-05", 1_751_673_600),
            ("1969-12-31T23:59:59.999999Z", -0.000001),
            ("2024-02-29", 1_709_164_800),
        ] as [(String, Double)]
    )
    func decodesDates(text: String, seconds: Double) throws {
        let date = try decoder.decode(Date.self, from: .string(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(
        "malformed dates are refused",
        arguments: [
            "", "2025-07-05T14:03:22", "2025-13-01", "2025-02-29", "2025-04-31", "2025-07-05T24:00:00Z",
            "2025-07-05T14:60:00Z", "2025-07-05T14:03:22.Z", "2025-07-05T14:03:22+0200", "25-07-05",
            "2025-07-05Z", "2025-07-05T14:03:22Zjunk", "yesterday",
        ]
    )
    func refusesMalformedDates(text: String) {
        let error = decodingError(Date.self, .string(text))
        guard case .dataCorrupted? = error else {
            Issue.record("\(text.debugDescription) should be refused as corrupted, got \(String(describing: error))")
            return
        }
        #expect(error?.fieldDescription.hasPrefix("expected RFC 3339 date, found \"") == true)
    }

    // MARK: Embedded JSONValue

    @Test func embeddedJSONValueIsKeptAsIs() throws {
        struct Envelope: Codable, Equatable {
            var id: JSONValue
            var payload: [String: JSONValue]
            var list: [JSONValue]
            var optional: JSONValue?
        }
        let envelope = Envelope(
            id: .int(7),
            payload: ["n": .double(1.0), "s": "x", "null": .null],
            list: [.null, [1, [2]], ["k": .double(5)]],
            optional: .null
        )
        let value = try encoder.encode(envelope)
        // .double(1.0) stays a double and .null inside a dictionary survives.
        #expect(value["payload"] == ["n": .double(1.0), "s": "x", "null": .null])
        #expect(value["list"] == [.null, [1, [2]], ["k": .double(5)]])
        #expect(value["optional"] == .null)
        let decoded = try decoder.decode(Envelope.self, from: value)
        #expect(decoded.id == .int(7))
        #expect(decoded.payload == envelope.payload)
        #expect(decoded.list == envelope.list)
        // A null member for an Optional<JSONValue> reads as nil, like any other optional.
        #expect(decoded.optional == nil)
        #expect(try decoder.decode(JSONValue.self, from: value) == value)
        #expect(try encoder.encode(value) == value)
    }

    @Test func jsonValueWorksWithFoundationCoders() throws {
        let value: JSONValue = ["a": [1, 2.5, "s", true, nil], "b": ["c": [:]], "d": []]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONValue(parsing: data) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[1e2, -3, \"x\"]".utf8)) == [100, -3, "x"])
        // Foundation cannot tell 1.0 from 1, so that one value changes type.
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(JSONValue.double(1))) == .int(1))
    }

    // MARK: Containers

    @Test func superCodersAndInheritance() throws {
        let value = try encoder.encode(Dog(legs: 4, name: "Rex"))
        #expect(value == ["name": "Rex", "super": ["legs": 4]])
        let dog = try decoder.decode(Dog.self, from: value)
        #expect(dog.name == "Rex" && dog.legs == 4)
    }

    @Test func manualNestedContainers() throws {
        let manual = Manual(title: "t", point: (1, -2), mixed: [.double(2), ["q": nil]], inner: 9)
        let value = try encoder.encode(manual)
        #expect(
            value == [
                "title": "t",
                "point": ["x": 1, "y": -2],
                "list": [[true, nil], ["x": "a"], .double(2), ["q": nil], -3],
                "wrapper": ["inner": 9],
            ]
        )
        #expect(try decoder.decode(Manual.self, from: value) == manual)
    }

    @Test func userInfoIsPassedThrough() throws {
        var encoder = JSONValueEncoder()
        encoder.userInfo[UserInfoReader.key] = "acme"
        #expect(try encoder.encode([UserInfoReader(tenant: "")]) == ["acme"])
        var decoder = JSONValueDecoder()
        decoder.userInfo[UserInfoReader.key] = "beta"
        #expect(try decoder.decode([UserInfoReader].self, from: [1]).first?.tenant == "beta")
    }

    // MARK: Error paths

    @Test func errorsCarryTheCodingPath() throws {
        let error = decodingError(Call.self, ["method": "m", "params": ["name": "n", "limit": "ten"]])
        guard case .typeMismatch(_, let context)? = error else {
            Issue.record("expected a type mismatch, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["params", "limit"])
    }

    @Test(
        "field descriptions",
        arguments: [
            (["method": "m", "params": ["name": "n", "limit": "ten"]], "params.limit: expected integer, found string"),
            (["method": "m", "params": ["limit": 1]], "params.name: required field is missing"),
            (["params": ["name": "n", "limit": 1]], "method: required field is missing"),
            (["method": "m", "params": ["name": nil, "limit": 1]], "params.name: expected string, found null"),
            (["method": "m", "params": ["name": "n", "limit": 2.5]], "params.limit: expected integer, found 2.5"),
            (["method": 1, "params": [:]], "method: expected string, found integer"),
            (["method": "m", "params": [1]], "params: expected object, found array"),
            ([1], "expected object, found array"),
        ] as [(JSONValue, String)]
    )
    func fieldDescriptions(value: JSONValue, expected: String) {
        #expect(decodingError(Call.self, value)?.fieldDescription == expected)
    }

    @Test func fieldDescriptionsInArrays() {
        let items: JSONValue = ["items": [["id": "a", "size": 1], ["id": "b", "size": 1], ["id": 3, "size": 1]]]
        #expect(decodingError(Batch.self, items)?.fieldDescription == "items[2].id: expected string, found integer")
        let big: JSONValue = ["items": [["id": "a", "size": 300]]]
        #expect(
            decodingError(Batch.self, big)?.fieldDescription
                == "items[0].size: expected integer between 0 and 255, found 300"
        )
        #expect(decodingError([Item].self, [["size": 1]])?.fieldDescription == "[0].id: required field is missing")
        #expect(decodingError([[Int]].self, [[1], [2, "x"]])?.fieldDescription == "[1][1]: expected integer, found string")
        #expect(decodingError([String: Int].self, ["k": true])?.fieldDescription == "k: expected integer, found boolean")
        #expect(decodingError([Int].self, ["k": 1])?.fieldDescription == "expected array, found object")
    }

    @Test func fieldDescriptionAtEndOfArray() {
        struct Pair: Decodable {
            var first: Int
            var second: Int
            init(from decoder: any Decoder) throws {
                var list = try decoder.unkeyedContainer()
                first = try list.decode(Int.self)
                second = try list.decode(Int.self)
            }
        }
        let error = decodingError(Pair.self, [1])
        guard case .valueNotFound? = error else {
            Issue.record("expected valueNotFound, got \(String(describing: error))")
            return
        }
        #expect(error?.fieldDescription == "[1]: required element is missing (the array has 1)")
    }

    @Test func fieldDescriptionEscapesControlCharacters() {
        let error = decodingError([String: Int].self, ["bad\nkey": "x"])
        #expect(error?.fieldDescription == "bad\\nkey: expected integer, found string")
    }

    @Test func fieldDescriptionForFoundationErrors() throws {
        let data = Data(#"{"method": "m", "params": {"name": "n", "limit": "ten", "items": []}}"#.utf8)
        do {
            _ = try JSONDecoder().decode(Call.self, from: data)
            Issue.record("expected an error")
        } catch let error as DecodingError {
            #expect(error.fieldDescription == "params.limit: expected integer, found string")
        }
        do {
            _ = try JSONDecoder().decode(Call.self, from: Data(#"{"method": "m", "params": {"limit": 1}}"#.utf8))
            Issue.record("expected an error")
        } catch let error as DecodingError {
            #expect(error.fieldDescription == "params.name: required field is missing")
        }
        do {
            _ = try JSONDecoder().decode(Batch.self, from: Data(#"{"items": [{"id": "a", "size": 1}, {"id": 5, "size": 1}]}"#.utf8))
            Issue.record("expected an error")
        } catch let error as DecodingError {
            #expect(error.fieldDescription == "items[1].id: expected string, found number")
        }
    }

    @Test func missingOptionalsAndDecodeNil() throws {
        #expect(try decoder.decode(Address.self, from: ["street": "s"]) == Address(street: "s", zip: nil))
        #expect(try decoder.decode(Address.self, from: ["street": "s", "zip": nil]) == Address(street: "s", zip: nil))
        // A present optional of the wrong type is still an error, not a silent nil.
        #expect(
            decodingError(Address.self, ["street": "s", "zip": 5])?.fieldDescription
                == "zip: expected string, found integer"
        )
        struct NilProbe: Decodable {
            var missing: Bool
            var null: Bool
            var present: Bool
            enum CodingKeys: String, CodingKey { case missing, null, present }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                missing = try container.decodeNil(forKey: .missing)
                null = try container.decodeNil(forKey: .null)
                present = try container.decodeNil(forKey: .present)
            }
        }
        let probe = try decoder.decode(NilProbe.self, from: ["null": nil, "present": 0])
        #expect(probe.missing && probe.null && !probe.present)
    }
}
