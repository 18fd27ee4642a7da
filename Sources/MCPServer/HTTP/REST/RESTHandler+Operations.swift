import Hummingbird
import HTTPTypes
import MCP

extension RESTHandler {
    /// `GET /mcp/v1/operations/{id}`.
    func operationStatus(_ request: Request, id: String, principal: Principal) async -> Response {
        await guarded {
            guard let snapshot = await operations.snapshot(id: id, owner: principal.id) else {
                throw Self.unknownOperation(id)
            }
            return HTTPReplies.json(snapshot.json)
        }
    }

    /// `DELETE /mcp/v1/operations/{id}`: cancels the operation and waits (up to
    /// ``RESTOptions/cancelWait``) for the tool to stop between items. 200 with the final state,
    /// or 202 with the state so far if it is still stopping; a finished operation is left as it was.
    func cancelOperation(_ request: Request, id: String, principal: Principal) async -> Response {
        await guarded {
            let owner = principal.id
            guard let snapshot = await operations.cancel(id: id, owner: owner) else { throw Self.unknownOperation(id) }
            guard !snapshot.status.isFinished else { return HTTPReplies.json(snapshot.json) }
            let deadline = ContinuousClock.now + options.cancelWait
            var seen = 0
            while ContinuousClock.now < deadline {
                guard let page = await operations.events(id: id, owner: owner, after: seen, wait: deadline - ContinuousClock.now) else { break }
                if page.finished { break }
                seen = page.events.last?.seq ?? seen
            }
            guard let final = await operations.snapshot(id: id, owner: owner) else { throw Self.unknownOperation(id) }
            return HTTPReplies.json(final.json, status: final.status.isFinished ? .ok : .accepted)
        }
    }

    /// `GET /mcp/v1/sse/progress/{id}`: the operation's events from the start (or after
    /// `Last-Event-ID`), live until the final `complete` or `error` event, then the stream ends.
    func progressStream(_ request: Request, id: String, principal: Principal) async -> Response {
        let owner = principal.id
        guard await operations.snapshot(id: id, owner: owner) != nil else { return Self.unknownOperation(id).response }
        var cursor = 0
        if let last = request.headers[MCPHeaders.lastEventID] {
            guard let seq = Int(last), seq >= 0 else {
                return RESTProblem.badRequest("Last-Event-ID must be an event number from this stream, not \"\(last)\"").response
            }
            cursor = seq
        }
        let outbox = SSEOutbox(limit: http.configuration.streamBufferLimit)
        let operations = self.operations
        // Waits are short so a stream ended by shutdown lets go of its producer soon.
        let wait = min(http.configuration.keepAliveInterval, .seconds(5))
        let producer = Task {
            var after = cursor
            while !outbox.isClosed {
                guard let page = await operations.events(id: id, owner: owner, after: after, wait: wait) else { break }
                for event in page.events {
                    await outbox.waitForRoom()
                    guard outbox.send(SSEEvent(id: String(event.seq), event: event.kind.rawValue, data: event.data.jsonString)) else { return }
                    after = event.seq
                }
                if page.finished { break }
            }
            outbox.close()
        }
        return http.eventStream(outbox, onDisconnect: { producer.cancel() })
    }

    static func unknownOperation(_ id: String) -> RESTProblem {
        RESTProblem.notFound("operation not found: \(id) (finished operations are kept for a limited time)", code: JSONRPCError.Code.invalidParams)
    }
}
