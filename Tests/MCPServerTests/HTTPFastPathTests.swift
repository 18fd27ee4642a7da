import HTTPTypes
import MCP
import Testing
@testable import MCPServer

/// The HTTP transport's hand-written fast paths must answer exactly as the general code they
/// stand in for.
@Suite struct HTTPFastPathTests {
    /// Accept values from real clients and awkward edge cases.
    static let acceptValues = [
        "application/json, text/event-stream", "text/event-stream", "application/json", "TEXT/Event-Stream",
        "*/*", "text/*", " text/event-stream ;q=0.9", "application/json;q=1, text/event-stream;q=0.5",
        ";text/event-stream", ";;text/event-stream", "text/event-stream;", "a;b, ;text/*", ",,text/event-stream,,",
        "", ",", ";", " ", "\ttext/event-stream\t", "text/event-streams", "text/event-strea", "application/*",
        "text/html, */*;q=0.1", "text/event-stream\u{0B}", "image/png;text/event-stream", " ; text/event-stream",
    ]

    @Test func acceptScanMatchesTheGeneralParser() {
        for value in Self.acceptValues {
            #expect(HTTPFields.acceptsEventStream(ascii: value.utf8) == HTTPFields.acceptsEventStream(general: value), "\(value)")
        }
    }

    @Test func acceptScanMatchesOnRandomValues() {
        let alphabet = Array("text/event-stream*;, \tXTaq=01".utf8)
        var generator = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let value = String(decoding: bytes, as: UTF8.self)
            #expect(HTTPFields.acceptsEventStream(ascii: value.utf8) == HTTPFields.acceptsEventStream(general: value), "\(value)")
        }
    }

    @Test func nonASCIIAcceptTakesTheGeneralPath() {
        #expect(HTTPFields.acceptsEventStream(ascii: "\u{E9}, text/event-stream".utf8) == nil)
        // A match before any other byte is decided at once, as the general parser would decide it.
        #expect(HTTPFields.acceptsEventStream(ascii: "text/event-stream, \u{E9}".utf8) == true)
        var fields = HTTPFields()
        fields[.accept] = "\u{A0}text/event-stream"
        #expect(fields.acceptsEventStream == HTTPFields.acceptsEventStream(general: "\u{A0}text/event-stream"))
    }

    @Test func loopbackShortcutOnlyAcceptsWhatThePolicyAccepts() {
        let policy = OriginPolicy(allowedOrigins: [], allowedHosts: [])
        let hosts = [
            "localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:443", "localhost/x", "[::1]/",
            "localhostx", "localhost.evil.com", "127.0.0.10", "127.0.0.1.evil", "[::1", "[::2]", "::1", "/localhost",
            ":80", "evil.com", "evil.com:80", "localhos", "[::1]x", "l\u{F6}calhost",
        ]
        for host in hosts where OriginPolicy.isPlainLoopback(host.utf8) {
            #expect(policy.rejectHost(host) == nil, "\(host)")
        }
        #expect(OriginPolicy.isPlainLoopback("localhost:8080".utf8))
        #expect(OriginPolicy.isPlainLoopback("[::1]:8080".utf8))
        #expect(!OriginPolicy.isPlainLoopback("localhost.evil.com".utf8))
        #expect(policy.rejectHost("localhost.evil.com") != nil)
        #expect(policy.rejectHost("127.0.0.10:80") != nil)
    }

    @Test func toolCallParamsMatchTheDecoder() throws {
        let cases: [JSONValue] = [
            ["name": "get_document", "arguments": ["document_id": "x", "n": 1.5, "deep": ["a": [1, nil, true]]]],
            ["name": "t"],
            ["name": "t", "arguments": [:], "_meta": ["progressToken": 3]],
        ]
        for params in cases {
            #expect(ToolCallCoding.params(params) == (try JSONValueDecoder().decode(CallToolParams.self, from: params)))
        }
        // Shapes the fast path leaves to the decoder (and its error messages).
        for params: JSONValue in [["name": 1], ["arguments": [:]], ["name": "t", "arguments": nil], ["name": "t", "arguments": [1]], [1]] {
            #expect(ToolCallCoding.params(params) == nil)
        }
    }

    @Test func toolCallResultsMatchTheEncoder() throws {
        let results: [CallToolResult] = [
            .structured(["document": ["uuid": "u", "n": 2, "x": 0.5, "tags": ["a"], "none": nil]]),
            .error(code: -32001, message: "Document not found: x", data: ["id": "x"]),
            CallToolResult(content: [.text("a"), .text("b")], structuredContent: nil, isError: false),
            CallToolResult(content: []),
        ]
        for result in results {
            #expect(ToolCallCoding.json(result) == (try JSONValueEncoder().encode(result)))
        }
        let annotated = CallToolResult(content: [.text("a", annotations: Annotations(priority: 1))])
        #expect(ToolCallCoding.json(annotated) == nil)
        #expect(ToolCallCoding.json(CallToolResult(content: [.image(data: "AA==", mimeType: "image/png")])) == nil)
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
