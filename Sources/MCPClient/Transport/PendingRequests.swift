import MCP
import Synchronization

/// Requests waiting for responses that arrive on a shared channel (stdio, the HTTP+SSE stream).
/// A response may arrive before its waiter is parked, so each id has a slot made before sending.
final class PendingRequests: Sendable {
    private enum Slot {
        case expecting
        case waiting(CheckedContinuation<JSONValue, any Error>)
        case ready(Result<JSONValue, any Error>)
    }

    private struct State {
        var slots: [RequestID: (method: String, slot: Slot)] = [:]
        var closed: (any Error)?
    }

    private let state = Mutex(State())

    /// Makes the slot for `id`; call before sending the request.
    func expect(_ id: RequestID, method: String) throws {
        try state.withLock { state in
            if let closed = state.closed { throw closed }
            state.slots[id] = (method, .expecting)
        }
    }

    /// Waits for the response to `id`; cancellation abandons it.
    func wait(_ id: RequestID) async throws -> JSONValue {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                let ready: Result<JSONValue, any Error>? = state.withLock { state in
                    guard let entry = state.slots[id] else { return .failure(CancellationError()) }
                    if case .ready(let result) = entry.slot {
                        state.slots[id] = nil
                        return result
                    }
                    state.slots[id] = (entry.method, .waiting(continuation))
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            complete(id, .failure(CancellationError()))
        }
    }

    /// Routes a response; returns false when no one expects it.
    @discardableResult
    func resolve(_ message: JSONRPCMessage) -> Bool {
        switch message {
        case .response(let response):
            return complete(response.id, .success(response.result))
        case .errorResponse(let response):
            guard let id = response.id else { return false }
            let method = state.withLock { $0.slots[id]?.method } ?? "request"
            return complete(id, .failure(RPCFailure(method: method, error: response.error)))
        default:
            return false
        }
    }

    @discardableResult
    private func complete(_ id: RequestID, _ result: Result<JSONValue, any Error>) -> Bool {
        let continuation: CheckedContinuation<JSONValue, any Error>? = state.withLock { state in
            guard let entry = state.slots[id] else { return nil }
            switch entry.slot {
            case .waiting(let continuation):
                state.slots[id] = nil
                return continuation
            case .expecting:
                state.slots[id] = (entry.method, .ready(result))
                return nil
            case .ready:
                return nil
            }
        }
        continuation?.resume(with: result)
        return true
    }

    /// Fails every waiter and every later request with `error` (the channel is gone).
    func failAll(_ error: any Error) {
        let waiting: [CheckedContinuation<JSONValue, any Error>] = state.withLock { state in
            if state.closed == nil { state.closed = error }
            var continuations: [CheckedContinuation<JSONValue, any Error>] = []
            for (id, entry) in state.slots {
                switch entry.slot {
                case .waiting(let continuation):
                    continuations.append(continuation)
                    state.slots[id] = nil
                case .expecting:
                    state.slots[id] = (entry.method, .ready(.failure(error)))
                case .ready:
                    break
                }
            }
            return continuations
        }
        for continuation in waiting { continuation.resume(throwing: error) }
    }

    /// Drops the slot of an abandoned request.
    func forget(_ id: RequestID) {
        state.withLock { _ = $0.slots.removeValue(forKey: id) }
    }
}
