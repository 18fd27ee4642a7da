import Hummingbird
import HTTPTypes
import MCP

/// Builds SSE responses that drain an ``SSEOutbox`` and notice when the client goes away.
enum SSEResponse {
    /// Headers every SSE response carries: no caching or transformation, no proxy buffering.
    static func headers(extra: HTTPFields = [:]) -> HTTPFields {
        var fields: HTTPFields = [
            .contentType: "text/event-stream",
            .cacheControl: "no-cache, no-transform",
        ]
        fields[HTTPField.Name("X-Accel-Buffering")!] = "no"  // constant, valid name
        fields.append(contentsOf: extra)
        return fields
    }

    /// A streaming response that writes `outbox` until it closes. `tracker` knows the stream
    /// while it is open; its ``KeepAlivePinger`` queues the keep-alive comments on it, which is
    /// also how a vanished client is noticed. `onDisconnect` runs when writing fails.
    static func stream(
        _ outbox: SSEOutbox, tracker: StreamTracker, extraHeaders: HTTPFields = [:],
        onDisconnect: @escaping @Sendable () -> Void = {}
    ) -> Response {
        tracker.track(outbox)
        let body = ResponseBody { writer in
            defer { tracker.untrack(outbox) }
            while let chunk = await outbox.next() {
                do {
                    try await writer.write(ByteBuffer(bytes: chunk))
                } catch {
                    outbox.close()
                    onDisconnect()
                    return
                }
            }
            if outbox.overflowed { onDisconnect() }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers(extra: extraHeaders), body: body)
    }
}
