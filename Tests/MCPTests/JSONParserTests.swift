import Foundation
import Testing

@testable import MCP

/// Parses `text` expecting failure, and returns the error so callers can check the offset.
private func parseError(_ text: String, maxDepth: Int = JSONValue.defaultMaxDepth) -> JSONParseError? {
    parseError(Array(text.utf8), maxDepth: maxDepth)
}

private func parseError(_ bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) -> JSONParseError? {
    do {
        let value = try JSONValue(parsing: bytes, maxDepth: maxDepth)
        Issue.record("expected a parse error, got \(value)")
        return nil
    } catch let error as JSONParseError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

@Suite("JSON parser")
struct JSONParserTests {
    // MARK: Malformed input

    @Test(
        "malformed JSON throws at the right offset",
        arguments: [
            // (input, offset of the problem)
            ("", 0),
            ("   ", 3),
            ("{\"a\": 1", 7),  // truncated object
            ("[1, 2", 5),  // truncated array
            ("\"abc", 4),  // unterminated string
            ("tru", 0),  // truncated literal
            ("nul", 0),
            ("[1, 2,]", 6),  // trailing comma in array
            ("{\"a\": 1,}", 8),  // trailing comma in object
            ("// c\n1", 0),  // line comment
            ("[1 /* c */]", 3),  // block comment
            ("'a'", 0),  // single quotes
            ("{'a': 1}", 1),  // single-quoted key
            ("{a: 1}", 1),  // bare key
            ("01", 1),  // leading zero
            ("-01", 2),
            ("NaN", 0),
            ("Infinity", 0),
            ("-Infinity", 1),
            ("1.", 2),  // no digit after '.'
            (".5", 0),
            ("1e", 2),  // no exponent digits
            ("+1", 0),
            ("\"\\x\"", 2),  // bad escape: offset is the escape letter
            ("\"\\u12G4\"", 5),  // bad hex digit
            ("\"\\uD800\"", 7),  // lone high surrogate
            ("\"\\uD800\\u0041\"", 13),  // high surrogate followed by a non-low surrogate
            ("\"\\uDC00\"", 7),  // lone low surrogate
            ("\"a\tb\"", 2),  // raw tab
            ("\"a\nb\"", 2),  // raw newline
            ("\"\\n\u{01}\"", 3),  // raw control after an escape
            ("1 2", 2),  // trailing garbage
            ("{} x", 3),
            ("[1]]", 3),
            ("{\"a\" 1}", 5),  // missing colon
            ("{\"a\": 1 \"b\": 2}", 8),  // missing comma
            ("[1 2]", 3),
            ("{1: 2}", 1),  // non-string key
        ] as [(String, Int)]
    )
    func malformed(input: String, offset: Int) {
        let error = parseError(input)
        #expect(error?.offset == offset, "input \(input.debugDescription): \(String(describing: error))")
        #expect(error?.message.isEmpty == false)
    }

    @Test func truncatedUnicodeEscape() {
        // "\u12" then the closing quote: four hex digits are needed.
        let error = parseError("\"\\u12\"")
        #expect(error != nil)
        #expect(error?.message.contains("\\u") == true)
        #expect(parseError("\"\\u") != nil)
        #expect(parseError("\"\\") != nil)
    }

    @Test func invalidUTF8IsRejected() {
        // 0xFF is never valid UTF-8; C0 80 is an overlong NUL; ED A0 80 is an encoded surrogate;
        // E2 82 is a truncated sequence.
        for bad in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]] as [[UInt8]] {
            let bytes = [UInt8(ascii: "\"")] + bad + [UInt8(ascii: "\"")]
            let error = parseError(bytes)
            #expect(error?.offset == 1, "bytes \(bad)")
            #expect(error?.message.contains("UTF-8") == true)
            // The same bytes after an escape take the slow path and must still be refused.
            let escaped = Array("\"\\n".utf8) + bad + [UInt8(ascii: "\"")]
            #expect(parseError(escaped)?.message.contains("UTF-8") == true)
        }
        // Outside a string an invalid byte is simply an unexpected character.
        #expect(parseError([0xFF])?.offset == 0)
        #expect(parseError([UInt8(ascii: "["), 0xC3, UInt8(ascii: "]")])?.offset == 1)
    }

    @Test func errorDescriptionNamesTheOffset() {
        let error = parseError("[1,]")
        #expect(error?.description.hasSuffix("at byte 3") == true)
    }

    // MARK: Numbers

    @Test func numbers() throws {
        #expect(try JSONValue(parsing: "0") == .int(0))
        #expect(try JSONValue(parsing: "-12") == .int(-12))
        #expect(try JSONValue(parsing: "9223372036854775807") == .int(Int.max))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(Int.min))
        // One past Int.max no longer fits, so it becomes a double rather than wrapping.
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue(parsing: "12345678901234567890") == .double(1.2345678901234567e19))
        #expect(try JSONValue(parsing: "1.0") == .double(1.0))
        #expect(try JSONValue(parsing: "1e2") == .double(100))
        #expect(try JSONValue(parsing: "2.5E-3") == .double(0.0025))
        #expect(try JSONValue(parsing: "1E+2") == .double(100))
        #expect(try JSONValue(parsing: "1e-400") == .double(0))  // underflow rounds to zero
        // "-0" has no fraction or exponent, so it is the integer zero.
        #expect(try JSONValue(parsing: "-0") == .int(0))
        guard case .double(let zero) = try JSONValue(parsing: "-0.0") else {
            Issue.record("-0.0 should be a double")
            return
        }
        #expect(zero == 0 && zero.sign == .minus)
    }

    @Test func numbersOutOfRange() {
        for text in ["1e400", "-1e400", "[1e309]"] {
            let error = parseError(text)
            #expect(error?.message.contains("out of range") == true, "\(text)")
        }
        #expect(parseError("[1e400]")?.offset == 1)
    }

    // MARK: Types and structure

    @Test func memberTypesAreFaithful() throws {
        let value = try JSONValue(
            parsing: #"{"n": null, "t": true, "f": false, "i": 3, "d": 3.5, "s": "x", "a": [], "o": {}}"#
        )
        #expect(value["n"] == .null)
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["i"] == .int(3))
        #expect(value["d"] == .double(3.5))
        #expect(value["s"] == .string("x"))
        #expect(value["a"] == .array([]))
        #expect(value["o"] == .object([:]))
        // Accessors refuse the wrong type rather than converting.
        #expect(value["s"]?.intValue == nil)
        #expect(value["i"]?.stringValue == nil)
        #expect(value["t"]?.intValue == nil)
        #expect(value["d"]?.intValue == nil)
        #expect(value["i"]?.doubleValue == 3)
        #expect(value["missing"] == nil)
        #expect(value["a"]?.typeName == "array")
        #expect(value["d"]?.typeName == "number")
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#) == ["a": 3, "b": 2])
    }

    @Test func whitespaceAroundEverything() throws {
        let value = try JSONValue(parsing: " \t\r\n{ \"a\" :\n[ 1 ,\t2 ] } \n")
        #expect(value == ["a": [1, 2]])
    }

    // MARK: Nesting depth

    @Test func depthLimit() throws {
        let limit = 8
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONValue(parsing: atLimit, maxDepth: limit) }
        let overLimit = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = parseError(overLimit, maxDepth: limit)
        #expect(error?.offset == limit)
        #expect(error?.message.contains("nesting") == true)

        // Objects count towards the same limit.
        let objects = String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(parseError(objects, maxDepth: limit) != nil)

        // The default limit is honoured exactly too.
        let defaultLimit = JSONValue.defaultMaxDepth
        let deepest = String(repeating: "[", count: defaultLimit) + String(repeating: "]", count: defaultLimit)
        #expect(throws: Never.self) { try JSONValue(parsing: deepest) }
        let tooDeep = "[" + deepest + "]"
        #expect(parseError(tooDeep)?.offset == defaultLimit)
    }

    @Test func hugeNestingFailsWithoutCrashing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = parseError(bytes)
        #expect(error?.offset == JSONValue.defaultMaxDepth)
        let objects = Array(String(repeating: "{\"k\":", count: 100_000).utf8)
        #expect(parseError(objects) != nil)
    }

    // MARK: Unicode

    @Test func unicode() throws {
        #expect(try JSONValue(parsing: #""\u0041\u00e9\u4e2d""#) == "Aé中")
        #expect(try JSONValue(parsing: #""\ud83c\udf0d""#) == "🌍")
        #expect(try JSONValue(parsing: #""\uD83D\uDE00!""#) == "😀!")
        #expect(try JSONValue(parsing: "\"héllo 🌍 中文\"") == "héllo 🌍 中文")
        #expect(try JSONValue(parsing: #""\u0000""#) == .string("\u{0}"))
        #expect(try JSONValue(parsing: #""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        // Escapes and raw multi-byte text mixed in one string.
        #expect(try JSONValue(parsing: "\"é\\n🌍\\u00e9\"") == "é\n🌍é")
        // Keys are strings too.
        #expect(try JSONValue(parsing: #"{"cl\u00e9": 1}"#) == ["clé": 1])
    }

    @Test func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONValue(parsing: bom + Array("[1]".utf8)) == [1])
        #expect(try JSONValue(parsing: Data(bom + Array(" {}".utf8))) == .object([:]))
        // Only one, and only at the start.
        #expect(parseError(bom + bom + Array("1".utf8))?.offset == 3)
        #expect(parseError(Array("1".utf8) + bom)?.offset == 1)
    }

    // MARK: Input kinds

    @Test func parsesStringDataAndNonContiguousBytes() throws {
        let text = #"{"k": [1, "two", 3.5]}"#
        let expected: JSONValue = ["k": [1, "two", 3.5]]
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
        #expect(try JSONValue(parsing: text.utf8) == expected)
        // A lazy collection has no contiguous storage and takes the copying path.
        #expect(try JSONValue(parsing: Array(text.utf8).lazy.map { $0 }) == expected)
    }

    // MARK: Serializer

    static let varied: JSONValue = [
        "null": nil,
        "flags": [true, false],
        "ints": [0, -1, 42, .int(Int.max), .int(Int.min)],
        "doubles": [0.5, -2.25, 1.0, 1e300, .double(.leastNonzeroMagnitude), 123_456_789.125, 1.2345678901234567e19, 1e-7],
        "strings": ["", "plain", "quote \" backslash \\ slash /", "tab\tnewline\ncr\r", "\u{0}\u{1F}\u{7F}", "héllo 🌍"],
        "nested": ["a": ["b": ["c": [[], [:], [[1]]]]]],
        "": "empty key",
        "key with \"quotes\"": 1,
    ]

    @Test func roundTrip() throws {
        for pretty in [false, true] {
            let bytes = Self.varied.serialized(pretty: pretty)
            #expect(try JSONValue(parsing: bytes) == Self.varied)
        }
        #expect(try JSONValue(parsing: Self.varied.jsonString) == Self.varied)
        #expect(try JSONValue(parsing: Self.varied.jsonData) == Self.varied)
        // Integral doubles stay doubles across the trip.
        #expect(try JSONValue(parsing: JSONValue.double(3).jsonString) == .double(3))
    }

    @Test func serializerEscaping() {
        #expect(JSONValue.string("a\"b\\c/d").jsonString == #""a\"b\\c/d""#)
        #expect(JSONValue.string("\n\r\t\u{8}\u{C}").jsonString == #""\n\r\t\b\f""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{1F}").jsonString == #""\u0000\u0001\u001f""#)
        // DEL and non-ASCII are written raw.
        #expect(JSONValue.string("\u{7F}é🌍").jsonString == "\"\u{7F}é🌍\"")
        #expect(JSONValue.object(["\n": 1]).jsonString == #"{"\n":1}"#)
    }

    @Test func serializerScalars() {
        #expect(JSONValue.null.jsonString == "null")
        #expect(JSONValue.bool(true).jsonString == "true")
        #expect(JSONValue.int(-7).jsonString == "-7")
        #expect(JSONValue.double(1).jsonString == "1.0")
        #expect(JSONValue.double(0.1).jsonString == "0.1")
        // JSON has no NaN or infinity.
        #expect(JSONValue.double(.nan).jsonString == "null")
        #expect(JSONValue.double(-.infinity).jsonString == "null")
    }

    @Test func sortedKeys() {
        let value: JSONValue = ["b": 1, "a": ["z": 0, "y": nil], "c": [3, 2, 1], "B": true]
        #expect(value.jsonString == #"{"B":true,"a":{"y":null,"z":0},"b":1,"c":[3,2,1]}"#)
    }

    @Test func prettyOutput() {
        let value: JSONValue = ["b": [1, 2], "a": "x", "e": [], "o": [:]]
        let expected = """
            {
              "a": "x",
              "b": [
                1,
                2
              ],
              "e": [],
              "o": {}
            }
            """
        #expect(value.prettyJSONString == expected)
        #expect(JSONValue.array([]).prettyJSONString == "[]")
        #expect(JSONValue.int(1).prettyJSONString == "1")
    }
}
