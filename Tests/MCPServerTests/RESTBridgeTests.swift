import MCP
import Testing
@testable import MCPServer

@Suite struct RESTBridgeTests {
    private func bridge(_ configure: (inout RESTOptions) -> Void = { _ in }) -> RESTBridge {
        var options = RESTOptions()
        configure(&options)
        return RESTBridge(dispatcher: Dispatcher(definition: makeTestDefinition()), options: options)
    }

    @Test func resultsEqualAModern2026RequestOnTheSameDispatcher() async throws {
        let bridge = bridge()
        let rest = try #require(await bridge.send(Method.toolsCall, params: ["name": "echo", "arguments": ["text": "hi", "times": 2]], principal: .local)?.result)
        let direct = await bridge.dispatcher.handle(
            JSONRPCRequest(id: .int(1), method: Method.toolsCall, params: ["name": "echo", "arguments": ["text": "hi", "times": 2], "_meta": modernMeta]),
            session: ServerSession(id: "s", principal: .local, sink: { _ in }),
            origin: Dispatcher.Origin(principal: .local, sink: { _ in })
        )
        #expect(rest == direct?.result)
        #expect(rest["structuredContent"] == ["echo": "hihi"])
    }

    @Test func outcomesCarryTheStatusTheirCodeMeans() async throws {
        let plain = bridge()
        let mapped = bridge { $0.toolErrorStatuses = [-32001: .notFound] }
        func status(_ bridge: RESTBridge, _ method: String, _ params: [String: JSONValue]) async -> Int? {
            if case .failed(let problem, _) = bridge.outcome(of: await bridge.send(method, params: params, principal: .local)) { return problem.status.code }
            return nil
        }
        #expect(await status(plain, Method.toolsCall, ["name": "echo", "arguments": ["text": "x"]]) == nil)
        #expect(await status(plain, Method.toolsCall, ["name": "fails"]) == 400, "a tool's own code is a deliberate failure")
        #expect(await status(mapped, Method.toolsCall, ["name": "fails"]) == 404)
        #expect(await status(plain, Method.toolsCall, ["name": "echo", "arguments": ["times": 9]]) == 422)
        #expect(await status(plain, Method.toolsCall, ["name": "nope"]) == 400)
        #expect(await status(plain, Method.resourcesRead, ["uri": "test://items/missing"]) == 404)
        #expect(await status(plain, "no/such/method", [:]) == 404)
        #expect(await status(plain, Method.toolsCall, ["name": "needs_sampling"]) == 400)

        let reply = await mapped.send(Method.toolsCall, params: ["name": "fails"], principal: .local)
        guard case .failed(let problem, let result) = mapped.outcome(of: reply) else {
            Issue.record("expected a failure")
            return
        }
        #expect(problem.code == -32001 && problem.message == "Document not found: x")
        #expect(result?["isError"] == true)
        #expect(problem.json["error"]?["code"] == -32001 && problem.json["status"] == 404 && problem.json["title"] == "Not Found")
    }

    @Test func initializeAnswersLikeALegacyHandshakeWithDefaults() async throws {
        let bridge = bridge()
        let result = try #require(await bridge.initialize([:], principal: .local)?.result)
        #expect(result["protocolVersion"] == .string(ProtocolVersion.latestHandshake.rawValue))
        #expect(result["serverInfo"]?["name"] == "test-server")
        let older = try #require(await bridge.initialize(["protocolVersion": "2025-03-26"], principal: .local)?.result)
        #expect(older["protocolVersion"] == "2025-03-26")
        #expect(await bridge.initialize(["protocolVersion": 5], principal: .local)?.error?.code == JSONRPCError.Code.invalidParams)
    }

    @Test func anOperationRecordsProgressAndNoticeLogsThenItsResult() async throws {
        let bridge = bridge()
        let registry = InMemoryOperationRegistry()
        #expect(await registry.start(id: "op", owner: "local", tool: "echo", cancel: {}) == .started)
        let run = OperationRun(id: "op", tool: "echo", arguments: ["text": "a", "times": 3], principal: .local, bridge: bridge, operations: registry)
        guard case .succeeded(let result) = await run.run() else {
            Issue.record("expected success")
            return
        }
        let page = try #require(await registry.events(id: "op", owner: "local", after: 0, wait: .zero))
        #expect(page.events.map(\.kind) == [.progress, .progress, .progress, .complete], "info and debug logs stay below notice")
        #expect(page.events.prefix(3).map { $0.data["progress"]?.doubleValue } == [1, 2, 3])
        #expect(page.events[0].data["total"]?.doubleValue == 3)
        #expect(page.events.last?.data == result)
        #expect(await registry.snapshot(id: "op", owner: "local")?.status == .completed)
    }

    @Test func backgroundToolsMatchByNameOrPrefix() {
        let tools = RESTOptions.BackgroundTools(names: ["optimize_storage"], prefixes: ["batch_"])
        #expect(tools.contains("batch_add") && tools.contains("optimize_storage"))
        #expect(!tools.contains("add_document") && !tools.contains("optimize"))
    }
}
