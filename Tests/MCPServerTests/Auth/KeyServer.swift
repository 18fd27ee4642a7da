import Foundation
import Hummingbird
import Synchronization

/// A real HTTP server on 127.0.0.1 (ephemeral port) serving issuer metadata and JWKS documents
/// that a test sets and changes, and recording every path requested.
final class KeyServer: Sendable {
    struct Document: Sendable {
        var body: String
        var cacheControl: String?
    }

    private struct State {
        var documents: [String: Document] = [:]
        var requests: [String] = []
    }

    private let state = Mutex(State())

    /// Serves `body` at `path` (replacing what was there).
    func serve(_ path: String, _ body: String, cacheControl: String? = nil) {
        state.withLock { $0.documents[path] = Document(body: body, cacheControl: cacheControl) }
    }

    /// Stops serving `path` (it answers 404).
    func remove(_ path: String) {
        state.withLock { _ = $0.documents.removeValue(forKey: path) }
    }

    /// Every path requested so far, in order.
    var requests: [String] { state.withLock { $0.requests } }

    /// How many times `path` was requested.
    func count(_ path: String) -> Int { requests.filter { $0 == path }.count }

    /// Runs `body` with the server listening; stops the server afterwards.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.get("**") { [self] request, _ -> Response in
            let path = request.uri.path
            let document = state.withLock { state -> Document? in
                state.requests.append(path)
                return state.documents[path]
            }
            guard let document else { return Response(status: .notFound) }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let cacheControl = document.cacheControl { headers[.cacheControl] = cacheControl }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: document.body)))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "key-server"),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            }
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0,
                  let base = URL(string: "http://127.0.0.1:\(port)") else {
                group.cancelAll()
                throw TestFailure("the key server did not start")
            }
            do {
                let result = try await body(base)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
