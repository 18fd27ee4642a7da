import MCP

/// The requests a server has sent to one client connection and is waiting on.
///
/// A transport keeps one per connection (stdio: the process; HTTP: the legacy session), hands
/// client responses to ``resolve(_:)`` and calls ``close()`` when the connection ends. Ids are
/// strings with a prefix (`quire-1`, `quire-2`, …) so they can never collide with the ids the
/// client picks for its own requests, which live in a separate space anyway.
public actor ClientRequestTracker {
    private enum Slot {
        /// Sent (or being sent); nobody waits yet.
        case sent
        /// A caller waits for the answer.
        case waiting(CheckedContinuation<JSONValue, any Error>)
        /// The answer came before the caller started waiting.
        case answered(Result<JSONValue, any Error>)
    }

    private let idPrefix: String
    private let maxPending: Int
    private var counter = 0
    private var slots: [String: Slot] = [:]
    private var closed = false

    /// - Parameters:
    ///   - idPrefix: Starts every id this tracker issues.
    ///   - maxPending: How many requests may wait at once; more are refused, keeping memory bounded.
    public init(idPrefix: String = "quire-", maxPending: Int = 256) {
        self.idPrefix = idPrefix
        self.maxPending = max(1, maxPending)
    }

    /// How many requests are waiting for answers.
    public var pendingCount: Int { slots.count }

    /// Sends a request over `sink` and waits for the client's answer.
    ///
    /// - Returns: The response's `result`.
    /// - Throws: The client's `JSONRPCError` for an error response; ``ClientRequestError`` when
    ///   no answer came (timeout, closed connection, too many waiting); `CancellationError` when
    ///   the caller was cancelled. On timeout and cancellation the client is sent
    ///   `notifications/cancelled` for the request, so it can stop working on it.
    public func send(_ method: String, params: JSONValue?, timeout: Duration, over sink: OutboundSink) async throws -> JSONValue {
        if closed { throw ClientRequestError.connectionClosed }
        guard slots.count < maxPending else { throw ClientRequestError.tooManyPending(limit: maxPending) }
        try Task.checkCancellation()
        counter += 1
        let key = "\(idPrefix)\(counter)"
        // Registered before sending: the answer may arrive while the send is still suspended.
        slots[key] = .sent
        await sink(.request(JSONRPCRequest(id: .string(key), method: method, params: params)))
        do {
            let result = try await withThrowingTaskGroup(of: JSONValue.self) { group in
                group.addTask { try await self.answer(key) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ClientRequestError.timedOut(method: method, after: timeout)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
            slots[key] = nil
            return result
        } catch {
            slots[key] = nil
            if error is CancellationError || error is ClientRequestError, !closed {
                let reason = (error as? ClientRequestError)?.description ?? "the server no longer needs the answer"
                await sink(.notification(JSONRPCNotification(
                    method: Method.cancelled, params: ["requestId": .string(key), "reason": .string(reason)]
                )))
            }
            throw error
        }
    }

    /// Matches a client's response or error response to the request it answers.
    ///
    /// - Returns: `false` when the message is not a response, or answers no request still
    ///   waiting (an unknown id, or one that already timed out); the transport may log it.
    @discardableResult
    public func resolve(_ message: JSONRPCMessage) -> Bool {
        switch message {
        case .response(let response):
            return settle(response.id, with: .success(response.result))
        case .errorResponse(let response):
            guard let id = response.id else { return false }
            return settle(id, with: .failure(response.error))
        case .request, .notification:
            return false
        }
    }

    /// Fails every waiting request with ``ClientRequestError/connectionClosed`` and refuses
    /// new ones. Call when the connection ends, before waiting for handlers to finish: a
    /// handler waiting on an answer that can no longer arrive would otherwise never finish.
    public func close() {
        closed = true
        let waiting = slots
        slots.removeAll()
        for case .waiting(let continuation) in waiting.values {
            continuation.resume(throwing: ClientRequestError.connectionClosed)
        }
    }

    // MARK: - Private

    private func settle(_ id: RequestID, with result: Result<JSONValue, any Error>) -> Bool {
        guard case .string(let key) = id, let slot = slots[key] else { return false }
        switch slot {
        case .sent:
            slots[key] = .answered(result)
        case .waiting(let continuation):
            slots[key] = nil
            continuation.resume(with: result)
        case .answered:
            return false  // a second answer to the same request
        }
        return true
    }

    private func answer(_ key: String) async throws -> JSONValue {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                switch slots[key] {
                case .sent?:
                    slots[key] = .waiting(continuation)
                case .answered(let result)?:
                    slots[key] = nil
                    continuation.resume(with: result)
                case .waiting?, nil:
                    // Closed, or given up on, before the wait began.
                    continuation.resume(throwing: closed ? ClientRequestError.connectionClosed : CancellationError())
                }
            }
        } onCancel: {
            Task { await self.abandon(key) }
        }
    }

    /// Ends a wait whose caller went away (timeout or cancellation).
    private func abandon(_ key: String) {
        switch slots[key] {
        case .waiting(let continuation)?:
            slots[key] = nil
            continuation.resume(throwing: CancellationError())
        case .sent?:
            slots[key] = .answered(.failure(CancellationError()))
        case .answered?, nil:
            break
        }
    }
}
