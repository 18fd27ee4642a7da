import MCP
import Synchronization
@testable import MCPServer

/// Collects what a dispatcher sends to the client, for assertions.
final class SentMessages: Sendable {
    private let storage = Mutex<[JSONRPCMessage]>([])

    var sink: OutboundSink { { message in self.storage.withLock { $0.append(message) } } }
    var all: [JSONRPCMessage] { storage.withLock { $0 } }

    var notifications: [JSONRPCNotification] {
        all.compactMap { if case .notification(let notification) = $0 { return notification } else { return nil } }
    }
}

/// A small server with tools that exercise the dispatcher's paths.
func makeTestDefinition() -> ServerDefinition {
    var definition = ServerDefinition(info: Implementation(name: "test-server", version: "9.9.9"), instructions: "be kind")
    definition.tools.register(ToolDefinition(
        Tool(
            name: "echo",
            inputSchema: [
                "type": "object",
                "properties": ["text": ["type": "string"], "times": ["type": "integer", "minimum": 1, "maximum": 3]],
                "required": ["text"],
                "additionalProperties": false,
            ]
        )
    ) { arguments, context in
        let text = arguments["text"]?.stringValue ?? ""
        let times = arguments["times"]?.intValue ?? 1
        for step in 1...times { await context.progress.report(Double(step), total: Double(times)) }
        await context.progress.report(1)  // not an advance: must be dropped
        await context.log.log(.info, "echoing")
        await context.log.log(.debug, "noise")
        return .structured(["echo": .string(String(repeating: text, count: times))])
    })
    definition.tools.register(ToolDefinition(Tool(name: "fails", inputSchema: ["type": "object"])) { _, _ in
        throw ToolError(code: -32001, message: "Document not found: x")
    })
    definition.tools.register(ToolDefinition(Tool(name: "needs_sampling", inputSchema: ["type": "object"]), requiredClientCapabilities: ["sampling"]) { _, _ in
        .structured(["ok": true])
    })
    definition.resources.register(ResourceDefinition(Resource(uri: "test://fixed", name: "fixed")) { uri, _, _ in
        ReadResourceResult(contents: [ResourceContents(uri: uri, mimeType: "text/plain", text: "fixed")])
    })
    definition.resources.register(ResourceTemplateDefinition(
        ResourceTemplate(uriTemplate: "test://items/{id}", name: "item"),
        completer: { _, prefix, _ in ["apple", "apricot", "banana"].filter { $0.hasPrefix(prefix) } }
    ) { uri, variables, _ in
        guard variables["id"] != "missing" else { throw ResourceNotFound(uri: uri) }
        return ReadResourceResult(contents: [ResourceContents(uri: uri, text: variables["id"])])
    })
    return definition
}

let modernMeta: JSONValue = [
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": [:],
    "io.modelcontextprotocol/clientInfo": ["name": "tester", "version": "1"],
]

func initializeParams(_ version: String = "2025-11-25") -> JSONValue {
    ["protocolVersion": .string(version), "capabilities": [:], "clientInfo": ["name": "tester", "version": "1"]]
}

extension JSONRPCMessage {
    var result: JSONValue? { if case .response(let response) = self { return response.result } else { return nil } }
    var error: JSONRPCError? { if case .errorResponse(let response) = self { return response.error } else { return nil } }
}
