import MCP
import Testing
@testable import MCPServer

@Suite struct DispatcherTests {
    let dispatcher = Dispatcher(definition: makeTestDefinition())
    let sent = SentMessages()

    func session() -> ServerSession { ServerSession(id: "s", principal: .local, sink: sent.sink) }

    func call(_ method: String, _ params: JSONValue? = nil, id: RequestID = .int(1), on session: ServerSession) async -> JSONRPCMessage? {
        await dispatcher.handle(JSONRPCRequest(id: id, method: method, params: params), session: session, origin: .init(principal: .local, sink: sent.sink))
    }

    func initialized(_ version: String = "2025-11-25") async -> ServerSession {
        let session = session()
        _ = await call("initialize", initializeParams(version), on: session)
        return session
    }

    @Test func initializeEchoesASupportedVersionAndCounterOffersOthers() async {
        for (requested, expected) in [("2024-11-05", "2024-11-05"), ("2025-03-26", "2025-03-26"), ("2025-11-25", "2025-11-25"), ("1999-01-01", "2025-11-25"), ("2026-07-28", "2025-11-25")] {
            let reply = await call("initialize", initializeParams(requested), on: session())
            #expect(reply?.result?["protocolVersion"] == .string(expected))
            #expect(reply?.result?["serverInfo"]?["name"] == "test-server")
            #expect(reply?.result?["capabilities"]?["tools"] != nil)
            #expect(reply?.result?["resultType"] == nil, "legacy results carry no resultType")
        }
    }

    @Test func requestsBeforeInitializeAreRefusedButPingIsAnswered() async {
        let fresh = session()
        #expect(await call("tools/list", on: fresh)?.error?.code == -32600)
        #expect(await call("ping", on: fresh)?.result == [:])
    }

    @Test func unknownToolIsInvalidParams() async {
        let reply = await call("tools/call", ["name": "nope"], on: await initialized())
        #expect(reply?.error?.code == -32602)
        #expect(reply?.error?.message.contains("nope") == true)
    }

    @Test func schemaViolationIsAToolErrorNamingTheField() async throws {
        let reply = await call("tools/call", ["name": "echo", "arguments": ["text": 5, "times": 9, "extra": true]], on: await initialized())
        let result = try #require(reply?.result)
        #expect(result["isError"] == true)
        let message = try #require(result["structuredContent"]?["error"]?["message"]?.stringValue)
        #expect(message.contains("text: expected string, got integer 5"))
        #expect(message.contains("times: must be at most 3"))
        #expect(message.contains("extra: unknown field"))
        #expect(result["structuredContent"]?["error"]?["code"] == .int(-32602))
    }

    @Test func missingRequiredArgumentIsNamed() async throws {
        let reply = await call("tools/call", ["name": "echo", "arguments": [:]], on: await initialized())
        let message = try #require(reply?.result?["content"]?[0]?["text"]?.stringValue)
        #expect(message.contains("text: required field is missing"))
    }

    @Test func toolErrorsBecomeErrorResults() async {
        let reply = await call("tools/call", ["name": "fails"], on: await initialized())
        #expect(reply?.result?["isError"] == true)
        #expect(reply?.result?["structuredContent"]?["error"]?["code"] == .int(-32001))
    }

    @Test func progressIsMonotonicAndLogsRespectTheLevel() async throws {
        let session = await initialized()
        _ = await call("logging/setLevel", ["level": "info"], on: session)
        let reply = await call("tools/call", ["name": "echo", "arguments": ["text": "a", "times": 3], "_meta": ["progressToken": "p1"]], on: session)
        #expect(reply?.result?["structuredContent"]?["echo"] == "aaa")
        let progress = sent.notifications.filter { $0.method == "notifications/progress" }
        #expect(progress.map { $0.params?["progress"]?.doubleValue } == [1, 2, 3])
        #expect(progress.allSatisfy { $0.params?["progressToken"] == "p1" })
        let logs = sent.notifications.filter { $0.method == "notifications/message" }
        #expect(logs.count == 1 && logs.first?.params?["level"] == "info")
    }

    @Test func noProgressWithoutAToken() async {
        _ = await call("tools/call", ["name": "echo", "arguments": ["text": "a", "times": 2]], on: await initialized())
        #expect(sent.notifications.isEmpty)
    }

    @Test func modernRequestsAreDecoratedAndNeedNoSession() async throws {
        let fresh = session()
        let discover = try #require(await call("server/discover", ["_meta": modernMeta], on: fresh)?.result)
        #expect(discover["supportedVersions"]?.arrayValue?.contains("2026-07-28") == true)
        #expect(discover["resultType"] == "complete")
        #expect(discover["ttlMs"]?.intValue != nil)
        #expect(discover["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "test-server")
        let tools = try #require(await call("tools/list", ["_meta": modernMeta], on: fresh)?.result)
        #expect(tools["tools"]?.arrayValue?.map { $0["name"] } == ["echo", "fails", "needs_sampling"])
        #expect(tools["cacheScope"] == "public")
        let read = try #require(await call("resources/read", ["uri": "test://fixed", "_meta": modernMeta], on: fresh)?.result)
        #expect(read["ttlMs"] == 0 && read["resultType"] == "complete")
        #expect(await fresh.handshake == nil)
    }

    @Test func modernEnvelopeErrors() async {
        let fresh = session()
        #expect(await call("server/discover", [:], on: fresh)?.error?.code == -32602)
        #expect(await call("server/discover", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]], on: fresh)?.error?.code == -32602)
        let unsupported = await call("server/discover", ["_meta": ["io.modelcontextprotocol/protocolVersion": "v999.0.0", "io.modelcontextprotocol/clientCapabilities": [:]]], on: fresh)?.error
        #expect(unsupported?.code == -32022)
        #expect(unsupported?.data?["requested"] == "v999.0.0")
        #expect(unsupported?.data?["supported"] == ["2026-07-28"])
        for removed in ["initialize", "ping", "logging/setLevel", "resources/subscribe"] {
            #expect(await call(removed, ["_meta": modernMeta], on: fresh)?.error?.code == -32601)
        }
    }

    @Test func missingClientCapabilityIsRefusedInTheModernEra() async {
        let reply = await call("tools/call", ["name": "needs_sampling", "_meta": modernMeta], on: session())
        #expect(reply?.error?.code == -32021)
        #expect(reply?.error?.data?["requiredCapabilities"]?["sampling"] == [:])
    }

    @Test func resourcesResolveExactlyThenByTemplate() async {
        let session = await initialized()
        #expect(await call("resources/read", ["uri": "test://items/42"], on: session)?.result?["contents"]?[0]?["text"] == "42")
        #expect(await call("resources/read", ["uri": "test://items/missing"], on: session)?.error?.code == -32002)
        #expect(await call("resources/read", ["uri": "test://elsewhere"], on: session)?.error?.code == -32002)
        let completion = await call("completion/complete", ["ref": ["type": "ref/resource", "uri": "test://items/{id}"], "argument": ["name": "id", "value": "ap"]], on: session)
        #expect(completion?.result?["completion"]?["values"] == ["apple", "apricot"])
    }

    @Test func invalidCursorIsInvalidParams() async {
        #expect(await call("tools/list", ["cursor": "bogus"], on: await initialized())?.error?.code == -32602)
    }

    @Test func cancelledRequestsGetNoResponse() async {
        let session = await initialized()
        let task = Task { await call("tools/call", ["name": "echo", "arguments": ["text": "a"]], on: session) }
        task.cancel()
        #expect(await task.value == nil)
    }
}
