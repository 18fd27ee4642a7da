import MCP
import Synchronization
import Testing
@testable import MCPServer

/// Keeps every record it is told about.
final class RecordingObserver: DispatchObserver {
    private let records = Mutex<[ToolCallRecord]>([])
    var all: [ToolCallRecord] { records.withLock { $0 } }
    func toolCallFinished(_ record: ToolCallRecord) async { records.withLock { $0.append(record) } }
}

@Suite struct DispatchObserverTests {
    @Test func everyFinishedCallIsObservedBeforeItsAnswerReturns() async throws {
        let observer = RecordingObserver()
        var definition = makeTestDefinition()
        definition.observer = observer
        let dispatcher = Dispatcher(definition: definition)
        let sent = SentMessages()
        let session = ServerSession(id: "s", principal: Principal(id: "ada", scopes: ["*"]), sink: sent.sink)
        let origin = Dispatcher.Origin(principal: Principal(id: "ada", scopes: ["*"]), sink: sent.sink)
        func call(_ id: Int, _ method: String, _ params: JSONValue) async -> JSONRPCMessage? {
            await dispatcher.handle(JSONRPCRequest(id: .int(id), method: method, params: params), session: session, origin: origin)
        }
        _ = await call(1, "initialize", initializeParams())

        _ = await call(2, "tools/call", ["name": "echo", "arguments": ["text": "hi"]])
        #expect(observer.all.map(\.tool) == ["echo"], "observed before handle returned")
        _ = await call(3, "tools/call", ["name": "fails"])
        _ = await call(4, "tools/call", ["name": "echo", "arguments": ["times": 1]])
        _ = await call(5, "tools/call", ["name": "nope"])

        let records = observer.all
        #expect(records.map(\.tool) == ["echo", "fails", "echo"], "unknown tools are protocol errors, not calls")
        #expect(records.map(\.isError) == [false, true, true])
        #expect(records.map(\.errorCode) == [nil, -32001, -32602])
        #expect(records.allSatisfy { $0.principal == "ada" && !$0.cancelled && $0.duration >= .zero })
    }
}
