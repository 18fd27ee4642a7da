import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

extension HTTPTransport {
    static let acceptBoth = "application/json, text/event-stream"

    /// POSTs one request on the Streamable HTTP endpoint and reads its response, as JSON or from an
    /// SSE stream (L9), resuming a legacy stream with `Last-Event-ID` when it closes early (L11–L12).
    /// - Throws: ``HTTPStatusError`` for a refused request, ``StreamLostError`` for a lost modern stream.
    func post(_ request: JSONRPCRequest) async throws -> JSONValue {
        let headers = protocolHeaders(for: request.method, params: request.params)
        let response = try await exchange(.post, body: JSONRPCMessage.request(request).serialized, extra: headers, accept: Self.acceptBoth)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { throw await statusError(response) }
        if case .legacy = mode, state.withLock({ $0.sessionID }) == nil, let session = response.headers.first(name: "Mcp-Session-Id") {
            state.withLock { $0.sessionID = session }
        }
        return try await readReply(response, to: request)
    }

    /// Reads the response to `request` from a 2xx reply.
    func readReply(_ response: HTTPClientResponse, to request: JSONRPCRequest) async throws -> JSONValue {
        let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("text/event-stream") {
            let stream = SSEStreamState()
            if let result = try await consume(response.body, stream: stream, for: request) { return result }
            return try await resume(request, stream: stream)
        }
        if contentType.hasPrefix("application/json") {
            let body = try await response.body.collect(upTo: 256 << 20)
            guard let value = try? JSONValue(parsing: body.readableBytesView) else {
                throw ClientError.connection("Unreadable JSON response from '\(settings.serverName)' at \(Masking.url(settings.url))")
            }
            if case .single(let message) = JSONRPCCodec.decode(value: value) {
                switch message {
                case .response(let reply) where reply.id == request.id: return reply.result
                case .errorResponse(let reply) where reply.id == request.id || reply.id == nil:
                    throw RPCFailure(method: request.method, error: reply.error)
                default: break
                }
            }
            throw ClientError.connection("The response from '\(settings.serverName)' did not answer '\(request.method)'")
        }
        if Int(response.status.code) == 202 {
            throw ClientError.connection("'\(settings.serverName)' accepted '\(request.method)' without answering it")
        }
        throw ClientError.connection("Unexpected \(contentType.isEmpty ? "untyped" : contentType) response from \(Masking.url(settings.url)) (often a proxy or login page) [server '\(settings.serverName)']")
    }

    /// Reads SSE events until the response to `request`; `nil` when the stream ended first.
    func consume(_ body: HTTPClientResponse.Body, stream: SSEStreamState, for request: JSONRPCRequest) async throws -> JSONValue? {
        let clock = ActivityClock()
        let server = settings.serverName
        let idle = settings.sseTimeout
        return try await clock.run(idle: idle, hardLimit: nil, timeout: { _ in
            ClientError.connection("No data from '\(server)' for \(Int(idle)) s on its event stream (sse_timeout); is the server alive?")
        }) {
            for try await chunk in body {
                // Any bytes, keep-alive comments included, prove the stream is alive.
                clock.touch()
                for event in stream.feed(chunk) {
                    if let result = try await self.handle(event, for: request) { return result }
                }
            }
            return nil
        }
    }

    /// Handles one SSE event on a request's stream; returns the result when it is the response.
    func handle(_ event: SSEEvent, for request: JSONRPCRequest) async throws -> JSONValue? {
        guard event.event == nil || event.event == "message", !event.data.isEmpty else { return nil }
        guard case .single(let message) = JSONRPCCodec.decode(Array(event.data.utf8)) else { return nil }
        switch message {
        case .response(let reply) where reply.id == request.id:
            return reply.result
        case .errorResponse(let reply) where reply.id == request.id:
            throw RPCFailure(method: request.method, error: reply.error)
        case .notification(let notification):
            handler.withLock { $0 }?(notification)
        case .request(let serverRequest):
            await reply(ClientIdentity.reply(to: serverRequest))
        default:
            break
        }
        return nil
    }

    /// POSTs a response to a server→client request.
    func reply(_ message: JSONRPCMessage) async {
        let headers = protocolHeaders(for: "", params: nil).filter { $0.0 != "Mcp-Method" }
        if let response = try? await exchange(.post, body: message.serialized, extra: headers, accept: Self.acceptBoth) {
            _ = try? await response.body.collect(upTo: 1 << 16)
        }
    }

    /// A stream closed before its response. Legacy: GET with `Last-Event-ID` after `retry` ms, backing
    /// off ×1.5 up to 30 s, 3 attempts (L11, L12, L21). Modern: no resumption exists (M7).
    func resume(_ request: JSONRPCRequest, stream: SSEStreamState) async throws -> JSONValue {
        guard case .legacy = mode else { throw StreamLostError(method: request.method) }
        var delay = Double(stream.retry ?? 1000) / 1000
        for _ in 0..<3 {
            guard !stream.lastEventID.isEmpty else { break }
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            delay = min(delay * 1.5, 30)
            var headers = protocolHeaders(for: request.method, params: request.params)
            headers.append(("Last-Event-ID", stream.lastEventID))
            let response = try await exchange(.get, extra: headers, accept: "text/event-stream")
            let status = Int(response.status.code)
            if status == 409 { _ = try? await response.body.collect(upTo: 1 << 16); continue }
            guard status == 200, response.headers.first(name: "Content-Type")?.lowercased().hasPrefix("text/event-stream") ?? false else {
                _ = try? await response.body.collect(upTo: 1 << 16)
                break
            }
            stream.restart()
            if let result = try await consume(response.body, stream: stream, for: request) { return result }
        }
        throw ClientError.connection("The event stream of '\(settings.serverName)' closed before '\(request.method)' was answered and could not be resumed")
    }
}

/// The decoder state of one logical SSE stream across reconnections.
final class SSEStreamState: @unchecked Sendable {
    // Used by one task at a time (the reader of the current connection), hence unchecked.
    private var decoder = SSEDecoder()

    func feed(_ chunk: ByteBuffer) -> [SSEEvent] { decoder.feed(chunk.readableBytesView) }
    var lastEventID: String { decoder.lastEventID }
    var retry: Int? { decoder.retry }
    func restart() { _ = decoder.finish() }
}
