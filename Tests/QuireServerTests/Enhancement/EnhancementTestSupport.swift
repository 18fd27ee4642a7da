import Foundation
import MCP
import MCPServer
import QuireStore
import Synchronization
@testable import QuireServer

/// A real store in a temp folder plus the enhancement tools over it, for one test.
struct EnhancementFixture {
    let store: DocumentStore
    let definition: ServerDefinition

    static func with<T>(settings: LanguageModelSettings = .init(), _ body: (EnhancementFixture) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-enhance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try DocumentStore.open(path: directory.appendingPathComponent("store.db").path, options: StoreOptions(embeddingDimension: 4))
        let definition = DocumentServer.definition(store: store, options: .init(languageModel: settings))
        return try await body(EnhancementFixture(store: store, definition: definition))
    }

    func call(_ tool: String, _ arguments: [String: JSONValue], context: RequestContext) async throws -> CallToolResult {
        guard let definition = definition.tools[tool] else { throw ToolError.invalidArguments("no tool \(tool)") }
        return try await definition.handler(arguments, context)
    }

    func add(_ title: String, _ content: String) async throws -> String {
        try await store.add(Document(title: title, textContent: content)).uuid
    }
}

/// Plays the client's side of MCP sampling: each `sampling/createMessage` is answered by
/// `answer` (text, or a JSON-RPC error), synchronously, through the request's own tracker.
final class FakeSamplingClient: Sendable {
    enum Reply: Sendable {
        case text(String)
        case error(JSONRPCError)
        /// Never answered; the test decides what happens next.
        case silence
    }

    let tracker = ClientRequestTracker(idPrefix: "test-")
    private let answer: @Sendable (_ prompt: String, _ count: Int) -> Reply
    private let prompts = Mutex<[String]>([])
    let requestsSeen: AsyncStream<Int>
    private let seen: AsyncStream<Int>.Continuation

    init(_ answer: @escaping @Sendable (_ prompt: String, _ count: Int) -> Reply) {
        self.answer = answer
        (requestsSeen, seen) = AsyncStream.makeStream(of: Int.self)
    }

    var received: [String] { prompts.withLock { $0 } }

    /// A legacy-era context whose client declared sampling and answers through this fake.
    func context(version: ProtocolVersion = .v2025_11_25, declaresSampling: Bool = true) -> RequestContext {
        let sink: OutboundSink = { [self] message in await self.receive(message) }
        return RequestContext(
            requestID: .int(1), method: "tools/call", protocolVersion: version,
            clientCapabilities: ClientCapabilities(raw: declaresSampling ? ["sampling": [:]] : [:]),
            clientInfo: nil, principal: .local, progress: ProgressReporter(token: nil, sink: sink),
            log: ClientLogger(threshold: nil, sink: sink), session: nil, sink: sink,
            requester: version.isModern ? nil : ClientRequester(tracker: tracker, sink: sink)
        )
    }

    private func receive(_ message: JSONRPCMessage) async {
        guard case .request(let request) = message, request.method == "sampling/createMessage" else { return }
        let prompt = request.params?["messages"]?[0]?["content"]?["text"]?.stringValue ?? ""
        let count = prompts.withLock { $0.append(prompt); return $0.count }
        seen.yield(count)
        switch answer(prompt, count) {
        case .text(let text):
            await tracker.resolve(.response(JSONRPCResponse(
                id: request.id, result: ["role": "assistant", "content": ["type": "text", "text": .string(text)], "model": "fake"]
            )))
        case .error(let error):
            await tracker.resolve(.errorResponse(JSONRPCErrorResponse(id: request.id, error: error)))
        case .silence:
            break
        }
    }
}

extension CallToolResult {
    var errorCode: Int? { isError == true ? structuredContent?["error"]?["code"]?.intValue : nil }
}
