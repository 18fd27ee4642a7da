import MCP
import Synchronization
import Testing
@testable import MCPServer

/// Keeps every audit event it is given.
final class RecordingAuditSink: AuditSink {
    private let events = Mutex<[AuditEvent]>([])
    var all: [AuditEvent] { events.withLock { $0 } }
    func record(_ event: AuditEvent) async { events.withLock { $0.append(event) } }
}

@Suite struct MutationAuditTests {
    static func definition() -> ServerDefinition {
        var definition = ServerDefinition(info: Implementation(name: "audit-test", version: "1"))
        let open: JSONValue = ["type": "object"]
        definition.tools.register(ToolDefinition(Tool(name: "read_doc", inputSchema: open, annotations: ToolAnnotations(readOnlyHint: true))) { _, _ in
            .structured(["ok": true])
        })
        definition.tools.register(ToolDefinition(Tool(name: "delete_doc", inputSchema: open, annotations: ToolAnnotations(readOnlyHint: false))) { arguments, _ in
            if arguments["document_id"] == "missing" { throw ToolError(code: -32001, message: "Document not found: missing") }
            return .structured(["deleted": true])
        })
        definition.tools.register(ToolDefinition(Tool(name: "batch_delete", inputSchema: open)) { _, _ in .structured(["ok": true]) })
        return definition
    }

    @Test func mutatingCallsBecomeMutationEventsWithTargetsAndOutcome() async throws {
        let sink = RecordingAuditSink()
        var definition = Self.definition()
        let audit = MutationAuditObserver(sink: sink, tools: definition.tools.tools, transport: "stdio")
        definition.observer = DispatchObserverFanOut([definition.observer, audit])
        #expect(audit.audits("delete_doc") && audit.audits("batch_delete") && !audit.audits("read_doc"))
        let dispatcher = Dispatcher(definition: definition)
        let sent = SentMessages()
        let principal = Principal(id: "ada", scopes: ["*"])
        let session = ServerSession(id: "s", principal: principal, sink: sent.sink)
        let origin = Dispatcher.Origin(principal: principal, sink: sent.sink)
        func call(_ id: Int, _ method: String, _ params: JSONValue) async {
            _ = await dispatcher.handle(JSONRPCRequest(id: .int(id), method: method, params: params), session: session, origin: origin)
        }
        await call(1, "initialize", initializeParams())
        await call(2, "tools/call", ["name": "read_doc", "arguments": ["document_id": "d1"]])
        await call(3, "tools/call", ["name": "delete_doc", "arguments": ["document_id": "d1"]])
        await call(4, "tools/call", ["name": "delete_doc", "arguments": ["document_id": "missing"]])
        await call(5, "tools/call", ["name": "batch_delete", "arguments": ["document_ids": ["a", "b", "a"], "collection": "inbox", "title": "not an id"]])

        let events = sink.all
        #expect(events.map(\.tool) == ["delete_doc", "delete_doc", "batch_delete"])
        #expect(events.allSatisfy { $0.kind == .mutation && $0.principal == "ada" && $0.transport == "stdio" && $0.method == "tools/call" })
        #expect(events.map(\.outcome) == ["ok", "error", "ok"])
        #expect(events.map(\.targets) == [["d1"], ["missing"], ["inbox", "a", "b"]])
        #expect(events[1].reason == "error code -32001")
    }

    @Test func cancelledCallsAreAuditedAsCancelled() async {
        let sink = RecordingAuditSink()
        let audit = MutationAuditObserver(sink: sink, tools: Self.definition().tools.tools)
        await audit.toolCallFinished(ToolCallRecord(
            tool: "delete_doc", principal: "p", protocolVersion: .v2025_11_25, startedAt: .now, duration: .zero, isError: false,
            errorCode: nil, cancelled: true, arguments: ["uuid": "u1"]
        ))
        #expect(sink.all.map(\.outcome) == ["cancelled"])
        #expect(sink.all.first?.targets == ["u1"])
    }

    @Test func theDefinitionSuppliesToolsPolicyAndSink() async {
        let sink = RecordingAuditSink()
        var definition = Self.definition()
        definition.audit = sink
        definition.access = AccessPolicy(toolPermissions: ["batch_delete": .read])
        let audit = MutationAuditObserver(definition: definition)
        #expect(audit.audits("delete_doc") && !audit.audits("batch_delete") && !audit.audits("read_doc"))
        await audit.toolCallFinished(ToolCallRecord(
            tool: "delete_doc", principal: "p", protocolVersion: .v2025_11_25, startedAt: .now, duration: .zero, isError: true,
            errorCode: nil, cancelled: false, arguments: ["document_id": "x"]
        ))
        #expect(sink.all.map(\.outcome) == ["error"])
    }

    @Test func perToolOverridesDecideWhatIsMutating() {
        let tools = Self.definition().tools.tools
        let policy = AccessPolicy(toolPermissions: ["read_doc": .admin, "delete_doc": .read])
        let audit = MutationAuditObserver(sink: DiscardingAuditSink(), tools: tools, policy: policy)
        #expect(audit.audits("read_doc"))
        #expect(!audit.audits("delete_doc"))
    }

    @Test func targetsComeFromIdArgumentsAndListsOfObjectsAndAreCapped() {
        let arguments: [String: JSONValue] = [
            "documents": [["uuid": "u1", "content": "x"], ["uuid": "u2"], "not an object"],
            "updates": [["document_id": "d9", "title": "t"]],
            "subscription_id": "s1",
            "limit": 5,
            "id": 42,
        ]
        #expect(AuditTargets.extract(from: arguments) == ["u1", "u2", "42", "s1", "d9"])
        let many = AuditTargets.extract(from: ["ids": .array((0..<250).map { .string("id\($0)") })])
        #expect(many.count == AuditTargets.maxTargets + 1)
        #expect(many.last == "+150 more")
    }
}
