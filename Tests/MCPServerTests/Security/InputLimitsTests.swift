import Foundation
import Hummingbird
import HTTPTypes
import MCP
import Testing
@testable import MCPServer

@Suite struct InputLimitsTests {
    static func router(maxHeaderBytes: Int) -> Router<MCPRequestContext> {
        let router = Router(context: MCPRequestContext.self)
        router.add(middleware: HeaderSizeLimitMiddleware<MCPRequestContext>(maxBytes: maxHeaderBytes))
        router.post("/mcp") { _, _ in HTTPReplies.json(["ok": true]) }
        router.post("/mcp/v1/tools/list") { _, _ in HTTPReplies.json(["tools": []]) }
        return router
    }

    @Test func oversizeHeadersAreRefusedWith431() async throws {
        try await withLoopbackServer(Self.router(maxHeaderBytes: 1024)) { port in
            let small = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", headers: [("X-Note", String(repeating: "a", count: 500))])
            #expect(small.status == 200)
            let big = [("X-Note", String(repeating: "a", count: 600)), ("X-Other", String(repeating: "b", count: 600))]
            let refused = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", headers: big)
            #expect(refused.status == 431)
            #expect(refused.json?["error"]?["code"] == -32600)
            #expect(refused.json?["error"]?["message"]?.stringValue?.contains("at most 1024") == true)
            let rest = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp/v1/tools/list", headers: big)
            #expect(rest.status == 431)
            #expect(rest.header("Content-Type") == "application/problem+json")
            #expect(rest.json?["status"] == 431)
        }
    }

    @Test func headerSizeCountsNamesValuesAndLineBreaks() {
        let fields: HTTPFields = [.contentType: "application/json", .accept: "*/*"]
        // "Content-Type: application/json\r\n" + "Accept: */*\r\n"
        #expect(HeaderSizeLimitMiddleware<MCPRequestContext>.size(of: fields) == 32 + 13)
    }

    /// A body nested deeper than the parser's limit is a parse error (-32700) with HTTP 400,
    /// from the real server.
    @Test func jsonDeeperThanTheParserLimitIsA400ParseError() async throws {
        var configuration = HTTPTransportConfiguration()
        configuration.port = 0
        let server = MCPHTTPServer(dispatcher: Dispatcher(definition: makeTestDefinition()), configuration: configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run { port in portContinuation.yield(port) } }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let first = await iterator.next()
        let port = try #require(first)
        let depth = JSONValue.defaultMaxDepth + 1
        let deep = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        let answer = try await LoopbackHTTP.send(
            port: port, method: "POST", path: "/mcp", headers: [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")],
            body: deep
        )
        #expect(answer.status == 400)
        #expect(answer.json?["error"]?["code"] == -32700)
        #expect(answer.json?["error"]?["message"]?.stringValue?.contains("deeper than \(JSONValue.defaultMaxDepth)") == true)
        // At the limit itself it parses (and is then refused as a request, not as JSON).
        let atLimit = Array((String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)).utf8)
        let shallow = try await LoopbackHTTP.send(port: port, method: "POST", path: "/mcp", headers: [("Content-Type", "application/json")], body: atLimit)
        #expect(shallow.json?["error"]?["code"] != -32700)
        running.cancel()
        _ = await running.result
    }

    @Test func jsonDeeperThanTheParserLimitIsAParseErrorOverStdio() async throws {
        let pipes = try StdioTransportTests.Pipes()
        defer { pipes.closeAll() }
        var configuration = StdioTransport.Configuration()
        configuration.shutdownSignals = []
        let transport = StdioTransport(dispatcher: Dispatcher(definition: makeTestDefinition()), configuration: configuration, input: pipes.toServer.read, output: pipes.fromServer.write)
        let running = Task { await transport.run() }
        let depth = JSONValue.defaultMaxDepth + 1
        pipes.send(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth))
        let reply = await pipes.readLine()
        #expect(reply?["error"]?["code"] == -32700)
        #expect(reply?["id"] == .null)
        pipes.closeInput()
        await running.value
    }
}

/// The schema validator's length and size bounds, which the tool schemas' limits rely on.
@Suite struct SchemaBoundsTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "maxLength": 4, "minLength": 2],
            "ids": ["type": "array", "maxItems": 2, "items": ["type": "string", "maxLength": 3]],
        ],
    ]

    @Test func maxLengthAndMaxItemsAreEnforcedNamingTheField() {
        let validator = JSONSchemaValidator()
        #expect(validator.validate(["name": "abcd", "ids": ["a", "b"]], against: Self.schema).isEmpty)
        #expect(validator.validate(["name": "abcde"], against: Self.schema).map(\.description) == ["name: must be at most 4 characters long"])
        #expect(validator.validate(["name": "a"], against: Self.schema).map(\.description) == ["name: must be at least 2 characters long"])
        #expect(validator.validate(["ids": ["a", "b", "c"]], against: Self.schema).map(\.description) == ["ids: must have at most 2 items"])
        #expect(validator.validate(["ids": ["abcd"]], against: Self.schema).map(\.description) == ["ids[0]: must be at most 3 characters long"])
    }

    @Test func lengthsAreCountedInCodePointsNotBytes() {
        let validator = JSONSchemaValidator()
        // Four code points, twelve UTF-8 bytes: within maxLength 4.
        #expect(validator.validate(["name": "日本語字"], against: Self.schema).isEmpty)
        #expect(!validator.validate(["name": "日本語字本"], against: Self.schema).isEmpty)
        // One grapheme but two code points (e + combining acute) counts as two: too short it is not.
        #expect(validator.validate(["name": "e\u{301}"], against: Self.schema).isEmpty)
    }
}
