import Foundation
import MCP
import MCPServer
import QuireServer
import QuireStore
import Synchronization

/// A store in a fresh temp directory (a real SQLite file), removed afterwards.
func withAnalyticsStore<T>(dimension: Int = 4, _ body: (DocumentStore, String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-analytics-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("store.db").path
    let store = try DocumentStore.open(path: path, options: StoreOptions(embeddingDimension: dimension))
    return try await body(store, directory.path)
}

/// The document server driven in-process through its dispatcher, as a transport would.
final class AnalyticsHarness: Sendable {
    let dispatcher: Dispatcher
    let session: ServerSession
    private let sent = MessageLog()
    private let nextID = Mutex(1)

    init(store: DocumentStore, options: DocumentServer.Options = .init()) async {
        dispatcher = Dispatcher(definition: DocumentServer.definition(store: store, options: options))
        let sent = self.sent
        session = ServerSession(id: "analytics", principal: .local) { message in sent.append(message) }
        _ = await request("initialize", [
            "protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "analytics-tests", "version": "1"],
        ])
    }

    func request(_ method: String, _ params: JSONValue) async -> JSONRPCMessage? {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let sent = self.sent
        let origin = Dispatcher.Origin(principal: .local) { message in sent.append(message) }
        return await dispatcher.handle(JSONRPCRequest(id: .int(id), method: method, params: params), session: session, origin: origin)
    }

    /// Calls a tool and returns its structured content (errors included).
    func call(_ tool: String, _ arguments: JSONValue = [:], progressToken: String? = nil) async -> JSONValue? {
        var params: JSONValue = ["name": .string(tool), "arguments": arguments]
        if let progressToken, case .object(var members) = params {
            members["_meta"] = ["progressToken": .string(progressToken)]
            params = .object(members)
        }
        guard case .response(let response)? = await request("tools/call", params) else { return nil }
        return response.result["structuredContent"]
    }

    /// The progress values sent for `token`, in order.
    func progress(_ token: String) -> [Double] {
        sent.all.compactMap { message in
            guard case .notification(let notification) = message, notification.method == "notifications/progress",
                  notification.params?["progressToken"] == .string(token) else { return nil }
            return notification.params?["progress"]?.doubleValue
        }
    }
}

/// Everything the server sent, for assertions.
final class MessageLog: Sendable {
    private let messages = Mutex<[JSONRPCMessage]>([])

    func append(_ message: JSONRPCMessage) { messages.withLock { $0.append(message) } }
    var all: [JSONRPCMessage] { messages.withLock { $0 } }
}
