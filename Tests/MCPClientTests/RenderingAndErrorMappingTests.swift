import Foundation
import MCP
import Testing
@testable import MCPClient

/// How `quire mcp call` shows results, converts `--arg` values, and words HTTP failures.
@Suite struct ResultRenderingTests {
    private func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quire-render-\(UUID().uuidString)").path
    }

    @Test func structuredContentWinsOverItsTextMirror() throws {
        let result: JSONValue = ["content": [["type": "text", "text": #"{"a":1}"#]], "structuredContent": ["a": 1]]
        let rendered = ResultRenderer.render(result, json: false, outputDirectory: scratch())
        #expect(rendered.exitCode == 0 && rendered.stderr.isEmpty)
        #expect(try JSONValue(parsing: rendered.stdout) == ["a": 1])
        #expect(rendered.stdout.components(separatedBy: "\"a\"").count == 2, "the text mirror is not printed again")
    }

    @Test func textIsPrintedAndJSONTextIsPrettyPrinted() throws {
        let plain = ResultRenderer.render(["content": [["type": "text", "text": "hello"]]], json: false, outputDirectory: scratch())
        #expect(plain.stdout == "hello\n")
        let json = ResultRenderer.render(["content": [["type": "text", "text": #"[1,2]"#]]], json: false, outputDirectory: scratch())
        #expect(try JSONValue(parsing: json.stdout) == [1, 2] && json.stdout.contains("\n"))
        let number = ResultRenderer.render(["content": [["type": "text", "text": "42"]]], json: false, outputDirectory: scratch())
        #expect(number.stdout == "42\n", "only objects and arrays are reformatted")
    }

    @Test func errorsGoToStderrWithExitCodeOne() {
        let withText = ResultRenderer.render(["isError": true, "content": [["type": "text", "text": "Document not found"]]], json: false, outputDirectory: scratch())
        #expect(withText.exitCode == 1 && withText.stdout.isEmpty && withText.stderr == "Document not found\n")
        let structured = ResultRenderer.render(["isError": true, "content": [], "structuredContent": ["error": ["code": -32001]]], json: false, outputDirectory: scratch())
        #expect(structured.stderr.hasPrefix("The tool reported an error: ") && structured.stderr.contains("-32001"))
    }

    @Test func jsonModePrintsTheWholeResult() throws {
        let result: JSONValue = ["isError": true, "content": [["type": "text", "text": "x"]]]
        let rendered = ResultRenderer.render(result, json: true, outputDirectory: scratch())
        #expect(rendered.exitCode == 1 && rendered.files.isEmpty)
        #expect(try JSONValue(parsing: rendered.stdout) == result)
    }

    @Test func mediaAndBlobsAreSavedToFilesWithoutOverwriting() throws {
        let directory = scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let png = Data([0x89, 0x50, 0x4E, 0x47]).base64EncodedString()
        let result: JSONValue = ["content": [
            ["type": "image", "mimeType": "image/png", "data": .string(png)],
            ["type": "audio", "mimeType": "audio/unknown", "data": "%%%not base64"],
            ["type": "resource", "resource": ["uri": "file:///a.pdf", "mimeType": "application/pdf", "blob": .string(png)]],
        ]]
        let first = ResultRenderer.render(result, json: false, outputDirectory: directory)
        #expect(first.files.count == 2)
        #expect(first.files[0].hasSuffix("/image-1.png") && first.files[1].hasSuffix("/resource-3.pdf"))
        #expect(FileManager.default.contents(atPath: first.files[0]) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(first.stdout.contains("[image image/png, 4 B → ") && first.stdout.contains("[audio audio/unknown, undecodable data]"))
        #expect(first.stdout.contains("[resource file:///a.pdf application/pdf, 4 B → "))
        let second = ResultRenderer.render(result, json: false, outputDirectory: directory)
        #expect(second.files[0].hasSuffix("/image-1-2.png"), "an existing file is never overwritten")
    }

    @Test func linksEmbeddedTextAndUnknownBlocks() {
        let result: JSONValue = ["content": [
            ["type": "resource_link", "uri": "contextframe://documents/1", "name": "Doc", "mimeType": "application/json", "description": "one"],
            ["type": "resource", "resource": ["uri": "contextframe://dataset/info", "mimeType": "application/json", "text": "{}"]],
            ["type": "hologram"],
        ]]
        let lines = ResultRenderer.render(result, json: false, outputDirectory: scratch()).stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "[link] contextframe://documents/1 Doc (application/json) — one",
            "--- contextframe://dataset/info (application/json)", "{}",
            "[hologram content; use --json to see it]",
        ])
    }

    @Test func sizesAndExtensions() {
        #expect(ResultRenderer.size(512) == "512 B")
        #expect(ResultRenderer.size(2048) == "2.0 KB")
        #expect(ResultRenderer.size(3 * 1024 * 1024) == "3.0 MB")
        #expect(ResultRenderer.fileExtension("IMAGE/JPEG") == "jpg")
        #expect(ResultRenderer.fileExtension("application/x-unknown") == "bin")
    }
}

@Suite struct ToolArgumentConversionTests {
    let schema: JSONValue = ["type": "object", "properties": [
        "query": ["type": "string"], "limit": ["type": "integer"], "score": ["type": "number"], "exact": ["type": "boolean"],
        "tags": ["type": "array"], "filter": ["type": "object"], "cursor": ["anyOf": [["type": "string"], ["type": "null"]]],
        "maybe": ["type": ["integer", "null"]],
    ]]

    @Test func valuesTakeTheSchemaType() throws {
        let arguments = try ToolArguments.build(
            pairs: ["query=42", "limit=3", "score=0.5", "exact=TRUE", "tags=[\"a\"]", "filter={\"x\":1}", "cursor=null", "maybe=null"],
            json: nil, inputSchema: schema
        )
        #expect(arguments["query"] == "42", "a string property keeps digits as text")
        #expect(arguments["limit"] == 3 && arguments["score"] == 0.5 && arguments["exact"] == true)
        #expect(arguments["tags"] == ["a"] && arguments["filter"] == ["x": 1])
        #expect(arguments["cursor"] == .null && arguments["maybe"] == .null)
        #expect(try ToolArguments.build(pairs: ["score=7"], json: nil, inputSchema: schema)["score"] == 7)
    }

    @Test func withoutASchemaJSONIsParsedElseText() throws {
        let arguments = try ToolArguments.build(pairs: ["n=5", "flag=false", "name=Ada Lovelace", "eq=a=b"], json: nil, inputSchema: nil)
        #expect(arguments["n"] == 5 && arguments["flag"] == false && arguments["name"] == "Ada Lovelace")
        #expect(arguments["eq"] == "a=b", "only the first = separates key and value")
    }

    @Test func argsJSONIsTheBaseAndPairsOverrideIt() throws {
        let arguments = try ToolArguments.build(pairs: ["limit=9"], json: #"{"limit": 1, "query": "x"}"#, inputSchema: schema)
        #expect(arguments == ["limit": 9, "query": "x"])
    }

    @Test func badInputIsAUsageErrorNamingIt() {
        func message(pairs: [String], json: String? = nil, schema: JSONValue? = nil) -> (kind: ClientError.Kind, text: String)? {
            do {
                _ = try ToolArguments.build(pairs: pairs, json: json, inputSchema: schema)
                return nil
            } catch {
                return (error.kind, error.message)
            }
        }
        #expect(message(pairs: [], json: "[1]")?.text == "--args-json must be a JSON object")
        #expect(message(pairs: [], json: "[1]")?.kind == .usage)
        #expect(message(pairs: ["novalue"])?.text == "Invalid argument 'novalue': expected key=value")
        #expect(message(pairs: ["=x"])?.text == "Invalid argument '=x': expected key=value")
        #expect(message(pairs: ["limit=ten"], schema: schema)?.text == "Invalid value for 'limit': expected integer, got 'ten'")
        #expect(message(pairs: ["tags={}"], schema: schema)?.text == "Invalid value for 'tags': expected array, got '{}'")
        #expect(message(pairs: ["maybe=x"], schema: schema)?.text == "Invalid value for 'maybe': expected integer or null, got 'x'")
    }
}

@Suite struct HTTPStatusMessageTests {
    private func failure(_ status: Int, body: String = "", www: String? = nil, retryAfter: String? = nil, oauth: Bool = false) -> ClientError {
        HTTPErrorMapping.statusFailure(
            HTTPStatusError(status: status, body: Array(body.utf8), contentType: nil, wwwAuthenticate: www, retryAfter: retryAfter),
            server: "docs", url: "https://mcp.example.com/mcp?api_key=secret123", oauth: oauth
        )
    }

    @Test func everyStatusHasItsMessageAndExitCode() {
        let rpc = #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"bad cursor"}}"#
        #expect(failure(400, body: rpc).message == "Server rejected the request (400): bad cursor [server 'docs']")
        #expect(failure(400).message == "Server rejected the request (400) [server 'docs']")
        #expect(failure(401).message == "Authentication failed (401) for 'docs'; check its credentials")
        #expect(failure(401, www: #"Bearer resource_metadata="https://x/.well-known/oauth-protected-resource""#).message
            == "Authentication failed (401) for 'docs'; check its credentials, or run 'quire mcp login docs'")
        #expect(failure(401, oauth: true).message == "Login required for 'docs': run 'quire mcp login docs'")
        #expect(failure(403).message == "Access forbidden (403) for 'docs'; the credentials lack permission")
        #expect(failure(404).message == "Endpoint not found (404) for 'docs': check the URL https://mcp.example.com/mcp?api_key=****")
        #expect(failure(405).message == "The server refused this request (405); is https://mcp.example.com/mcp?api_key=**** an MCP endpoint? [server 'docs']")
        #expect(failure(429, retryAfter: "7").message == "Rate limited (429) by 'docs'; retry in 7 s")
        #expect(failure(429).message == "Rate limited (429) by 'docs'; retry later")
        #expect(failure(503, body: "upstream\ngone").message == "Server error (HTTP 503) from 'docs': upstream gone")
        #expect(failure(418).message == "Unexpected HTTP 418 from 'docs' at https://mcp.example.com/mcp?api_key=****")
        #expect(failure(401).exitCode == 4 && failure(403).exitCode == 4)
        #expect(failure(404).exitCode == 3 && failure(429).exitCode == 3 && failure(500).exitCode == 3)
    }

    private struct Failure: Error, CustomStringConvertible { var description: String }

    @Test func transportFailuresAreNamedPlainly() {
        #expect(HTTPErrorMapping.describe(Failure(description: "connect(descriptor:addr:size:): Connection refused (errno: 111)")) == "connection refused")
        #expect(HTTPErrorMapping.describe(Failure(description: "getaddrinfo failed: NXDOMAIN")) == "the host name could not be resolved (DNS)")
        #expect(HTTPErrorMapping.describe(Failure(description: "handshakeFailed(sslError)")) == "TLS handshake failed")
        #expect(HTTPErrorMapping.describe(Failure(description: "HTTPClientError.connectTimeout")) == "the connection timed out")
        #expect(HTTPErrorMapping.describe(Failure(description: "HTTPClientError.remoteConnectionClosed")) == "the connection was closed")
        #expect(HTTPErrorMapping.describe(Failure(description: "something else")) == "something else")
        let refused = HTTPErrorMapping.connectFailure(Failure(description: "Connection refused"), server: "docs", url: "http://127.0.0.1:1/mcp")
        #expect(refused.message == "Could not connect to 'docs' at http://127.0.0.1:1/mcp: connection refused. Is the server running?")
        #expect(refused.exitCode == 3)
        let passedThrough = HTTPErrorMapping.connectFailure(ClientError(.auth, "x"), server: "docs", url: "http://a/mcp")
        #expect(passedThrough.kind == .auth && passedThrough.message == "x")
    }

    @Test func clientErrorsMapToTheDocumentedExitCodes() {
        #expect(ClientService.clientError(ConfigError("Server 'x': bad")).exitCode == 2)
        #expect(ClientService.clientError(RPCFailure(method: "tools/call", error: JSONRPCError(code: -32602, message: "no"))).message == "tools/call failed (-32602): no")
        #expect(ClientService.clientError(CancellationError()).message == "Interrupted")
        #expect(ClientService.clientError(ClientError(.tool, "t")).exitCode == 1)
    }
}
