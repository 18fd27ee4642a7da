import Foundation
import MCP
import MCPServer
import QuireStore
import Synchronization
@testable import QuireServer

/// A fresh real directory (symlinks resolved) for extraction and batch tests, removed afterwards.
func withExtractionFolder<T>(_ body: (String) async throws -> T) async throws -> T {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("quire-batch-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    let real = FileRoots.realPath(base.path) ?? base.path
    return try await body(real)
}

/// Writes `text` (or raw `bytes`) to `path`, creating folders on the way.
func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, bytes: Array(text.utf8))
}

func writeFile(_ path: String, bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The error `body` throws, when it is an `E`.
func thrownError<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
    do {
        try body()
        return nil
    } catch let error as E {
        return error
    } catch {
        return nil
    }
}

/// Collects what the server sends, for assertions; `onProgress` may act on progress as it arrives.
final class BatchMessages: Sendable {
    private let storage = Mutex<[JSONRPCMessage]>([])
    private let onProgress: @Sendable (Double) -> Void

    init(onProgress: @escaping @Sendable (Double) -> Void = { _ in }) { self.onProgress = onProgress }

    var sink: OutboundSink {
        { message in
            self.storage.withLock { $0.append(message) }
            if case .notification(let notification) = message, notification.method == "notifications/progress",
               let progress = notification.params?["progress"]?.doubleValue {
                self.onProgress(progress)
            }
        }
    }

    var notifications: [JSONRPCNotification] {
        storage.withLock { messages in
            messages.compactMap { if case .notification(let notification) = $0 { return notification } else { return nil } }
        }
    }
}

/// A document server over a real store in a temp folder, driven through the dispatcher.
struct BatchHarness {
    let store: DocumentStore
    let dispatcher: Dispatcher
    let folder: String

    static func with<T>(dimension: Int = 4, _ body: (BatchHarness) async throws -> T) async throws -> T {
        try await withExtractionFolder { folder in
            let files = folder + "/files"
            try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
            let store = try DocumentStore.open(path: folder + "/store.db", options: StoreOptions(embeddingDimension: dimension))
            let options = DocumentServer.Options(filesRoots: [files], maxFileBytes: 1 << 20)
            let harness = BatchHarness(store: store, dispatcher: Dispatcher(definition: DocumentServer.definition(store: store, options: options)), folder: files)
            return try await body(harness)
        }
    }

    /// An initialized session whose messages go to `messages`, logging at `info` and above.
    func session(_ messages: BatchMessages) async -> ServerSession {
        let session = ServerSession(id: "test", principal: .local, sink: messages.sink)
        let origin = Dispatcher.Origin(principal: .local, sink: messages.sink)
        _ = await dispatcher.handle(
            JSONRPCRequest(id: .int(0), method: "initialize", params: [
                "protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "tests", "version": "1"],
            ]),
            session: session, origin: origin
        )
        _ = await dispatcher.handle(JSONRPCRequest(id: .int(1), method: "logging/setLevel", params: ["level": "info"]), session: session, origin: origin)
        return session
    }

    /// Calls `tool`; `nil` when the call was cancelled (no response).
    func call(_ tool: String, _ arguments: JSONValue, session: ServerSession, messages: BatchMessages, progressToken: Bool = false) async -> JSONValue? {
        var params: [String: JSONValue] = ["name": .string(tool), "arguments": arguments]
        if progressToken { params["_meta"] = ["progressToken": "p1"] }
        let reply = await dispatcher.handle(
            JSONRPCRequest(id: .int(2), method: "tools/call", params: .object(params)),
            session: session, origin: Dispatcher.Origin(principal: .local, sink: messages.sink)
        )
        guard case .response(let response)? = reply else { return nil }
        return response.result
    }

    /// Calls `tool` on a fresh session and returns its structured content (errors included).
    func call(_ tool: String, _ arguments: JSONValue) async -> JSONValue? {
        let messages = BatchMessages()
        return await call(tool, arguments, session: await session(messages), messages: messages)?["structuredContent"]
    }
}
