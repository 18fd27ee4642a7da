/// One element of a received batch: a message, or the error response owed for an invalid element.
public enum JSONRPCBatchElement: Sendable, Hashable {
    case message(JSONRPCMessage)
    case invalid(JSONRPCErrorResponse)
}

/// What a received body or line contained.
public enum JSONRPCPayload: Sendable, Hashable {
    /// One well-formed message.
    case single(JSONRPCMessage)
    /// A JSON array of messages (allowed only by the 2025-03-26 revision; transports decide).
    case batch([JSONRPCBatchElement])
    /// Unparsable or invalid: send this error response back.
    case invalid(JSONRPCErrorResponse)
}

/// Decodes JSON-RPC 2.0 messages from bytes, validating the envelope strictly.
///
/// Unparsable input is `-32700` with id `null`; JSON that is not a valid message is `-32600`,
/// carrying the message's id when it could be read.
public enum JSONRPCCodec {
    /// Decodes a body or a line.
    public static func decode(_ bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) -> JSONRPCPayload {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes, maxDepth: maxDepth)
        } catch let error as JSONParseError {
            return .invalid(JSONRPCErrorResponse(id: nil, error: .parseError(error.description)))
        } catch {
            return .invalid(JSONRPCErrorResponse(id: nil, error: .parseError("\(error)")))
        }
        return decode(value: value)
    }

    /// Decodes an already parsed JSON value.
    public static func decode(value: JSONValue) -> JSONRPCPayload {
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else {
                return .invalid(JSONRPCErrorResponse(id: nil, error: .invalidRequest("empty batch")))
            }
            return .batch(elements.map { element in
                switch message(from: element) {
                case .success(let message): return .message(message)
                case .failure(let failure): return .invalid(failure)
                }
            })
        default:
            switch message(from: value) {
            case .success(let message): return .single(message)
            case .failure(let failure): return .invalid(failure)
            }
        }
    }

    /// Validates one message object.
    public static func message(from value: JSONValue) -> Result<JSONRPCMessage, JSONRPCErrorResponse> {
        guard case .object(let members) = value else {
            return .failure(JSONRPCErrorResponse(id: nil, error: .invalidRequest("a message must be a JSON object")))
        }
        // The id is read first so that later complaints can carry it back to the sender.
        let idValue = members["id"]
        let id = idValue.flatMap(RequestID.init(json:))
        func invalid(_ detail: String) -> Result<JSONRPCMessage, JSONRPCErrorResponse> {
            .failure(JSONRPCErrorResponse(id: id, error: .invalidRequest(detail)))
        }
        guard members["jsonrpc"] == .string("2.0") else { return invalid("\"jsonrpc\" must be \"2.0\"") }
        if let idValue, id == nil {
            return invalid("\"id\" must be a string or an integer, not \(idValue.typeName)")
        }

        if let methodValue = members["method"] {
            guard case .string(let method) = methodValue else { return invalid("\"method\" must be a string") }
            guard members["result"] == nil, members["error"] == nil else {
                return invalid("a request cannot carry \"result\" or \"error\"")
            }
            let params = members["params"]
            switch params {
            case nil, .object?, .array?: break
            default: return invalid("\"params\" must be an object or an array")
            }
            if let id { return .success(.request(JSONRPCRequest(id: id, method: method, params: params))) }
            return .success(.notification(JSONRPCNotification(method: method, params: params)))
        }

        switch (members["result"], members["error"]) {
        case (let result?, nil):
            guard let id else { return invalid("a response needs an \"id\"") }
            return .success(.response(JSONRPCResponse(id: id, result: result)))
        case (nil, let errorValue?):
            guard case .object(let error) = errorValue,
                case .int(let code)? = error["code"],
                case .string(let message)? = error["message"]
            else { return invalid("\"error\" must be an object with an integer \"code\" and a string \"message\"") }
            return .success(.errorResponse(JSONRPCErrorResponse(
                id: id,
                error: JSONRPCError(code: code, message: message, data: error["data"])
            )))
        case (nil, nil):
            return invalid("a message needs \"method\", \"result\" or \"error\"")
        default:
            return invalid("a response cannot carry both \"result\" and \"error\"")
        }
    }
}
