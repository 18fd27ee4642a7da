import Hummingbird
import MCP

extension RESTHandler {
    /// `POST /mcp/v1/jsonrpc`: one JSON-RPC message (or a batch), bare or wrapped as
    /// `{"request": …}` like the original. Requests without a 2026-07-28 envelope get one made up,
    /// so no session is needed; `initialize` answers as for a legacy client. Notifications get 202.
    func jsonRPC(_ request: Request, principal: Principal) async -> Response {
        await http.inFlight {
            var request = request
            let bytes: [UInt8]
            do {
                bytes = Array(try await request.collectBody(upTo: http.configuration.maxBodyBytes).readableBytesView)
            } catch {
                return HTTPReplies.error(.invalidRequest("body larger than \(http.configuration.maxBodyBytes) bytes"), id: nil, status: .contentTooLarge)
            }
            var value: JSONValue
            do {
                value = try JSONValue(parsing: bytes)
            } catch {
                return HTTPReplies.error(.parseError("\(error)"), id: nil, status: .badRequest)
            }
            if case .object(let members) = value, members["jsonrpc"] == nil, let wrapped = members["request"] { value = wrapped }
                        switch JSONRPCCodec.decode(value: value) {
            case .invalid(let failure):
                return HTTPReplies.message(.errorResponse(failure), status: .badRequest)
            case .single(let message):
                guard let reply = await answer(message, principal: principal) else { return HTTPReplies.accepted() }
                return HTTPReplies.message(reply)
            case .batch(let elements):
                var replies: [JSONValue] = []
                await withTaskGroup(of: JSONRPCMessage?.self) { group in
                    for element in elements {
                        switch element {
                        case .invalid(let failure): replies.append(JSONRPCMessage.errorResponse(failure).json)
                        case .message(let message): group.addTask { await answer(message, principal: principal) }
                        }
                    }
                    for await reply in group { if let reply { replies.append(reply.json) } }
                }
                return replies.isEmpty ? HTTPReplies.accepted() : HTTPReplies.json(.array(replies))
            }
        }
    }

    /// The reply to one message; `nil` for a notification.
    private func answer(_ message: JSONRPCMessage, principal: Principal) async -> JSONRPCMessage? {
        switch message {
        case .notification:
            return nil
        case .response, .errorResponse:
            return .errorResponse(JSONRPCErrorResponse(id: nil, error: .invalidRequest("this endpoint takes requests and notifications, not responses")))
        case .request(let call):
            switch call.method {
            case Method.initialize:
                let params = call.params?.objectValue ?? [:]
                let reply = await bridge.initialize(params, principal: principal)
                return Self.reidentified(reply, as: call.id)
            case Method.ping:
                return .response(JSONRPCResponse(id: call.id, result: .object([:])))
            default:
                var forwarded = call
                if case .object(var params) = call.params ?? .object([:]), !RequestEnvelope.isPresent(in: call.params) {
                    params["_meta"] = RESTBridge.envelope(merging: params["_meta"], progressToken: nil, logLevel: nil)
                    forwarded.params = .object(params)
                }
                let reply = await bridge.send(forwarded, principal: principal)
                return reply ?? .errorResponse(JSONRPCErrorResponse(id: call.id, error: .internalError("the request was cancelled")))
            }
        }
    }

    /// `reply` carrying the caller's request id (the bridge numbers its own requests).
    private static func reidentified(_ reply: JSONRPCMessage?, as id: MCP.RequestID) -> JSONRPCMessage {
        switch reply {
        case .response(let response)?: return .response(JSONRPCResponse(id: id, result: response.result))
        case .errorResponse(let failure)?: return .errorResponse(JSONRPCErrorResponse(id: id, error: failure.error))
        default: return .errorResponse(JSONRPCErrorResponse(id: id, error: .internalError("initialize was cancelled")))
        }
    }
}
