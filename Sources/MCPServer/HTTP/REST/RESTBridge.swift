import Hummingbird
import HTTPTypes
import MCP
import Synchronization

/// Sends REST calls through the same ``Dispatcher`` as `/mcp`, as 2026-07-28 requests with an
/// envelope made up here: no session is needed and every result is exactly what a 2026-07-28
/// client of `/mcp` gets for the same request.
public struct RESTBridge: Sendable {
    /// The dispatcher `/mcp` also uses.
    public let dispatcher: Dispatcher
    /// How outcomes map to HTTP statuses.
    public let options: RESTOptions
    /// The dispatcher's signature wants a session; stateless requests never touch it.
    private let stateless = ServerSession(id: "rest", principal: .local, sink: { _ in })
    private let counter = Counter()

    /// A bridge to `dispatcher` answering as `options` say.
    public init(dispatcher: Dispatcher, options: RESTOptions) {
        self.dispatcher = dispatcher
        self.options = options
    }

    /// What a REST client declares: nothing, since it cannot answer server requests.
    static let clientInfo: JSONValue = ["name": "quire-rest", "version": "1"]

    /// The `_meta` envelope for a REST call, keeping any members the caller sent (`progressToken`).
    static func envelope(merging meta: JSONValue?, progressToken: String?, logLevel: LoggingLevel?) -> JSONValue {
        var members = meta?.objectValue ?? [:]
        members[MetaKey.protocolVersion] = .string(ProtocolVersion.latest.rawValue)
        members[MetaKey.clientCapabilities] = members[MetaKey.clientCapabilities] ?? .object([:])
        members[MetaKey.clientInfo] = members[MetaKey.clientInfo] ?? clientInfo
        if let progressToken { members[MetaKey.progressToken] = .string(progressToken) }
        if let logLevel { members[MetaKey.logLevel] = .string(logLevel.rawValue) }
        return .object(members)
    }

    /// Sends `method` with `params` and returns the reply; `nil` when the call was cancelled.
    /// Progress and log notifications (asked for with `progressToken` and `logLevel`) go to `sink`.
    public func send(
        _ method: String, params: [String: JSONValue], principal: Principal, progressToken: String? = nil,
        logLevel: LoggingLevel? = nil, sink: @escaping OutboundSink = { _ in }
    ) async -> JSONRPCMessage? {
        var params = params
        params["_meta"] = Self.envelope(merging: params["_meta"], progressToken: progressToken, logLevel: logLevel)
        let request = JSONRPCRequest(id: .string("rest-\(counter.next())"), method: method, params: .object(params))
        return await send(request, principal: principal, sink: sink)
    }

    /// Dispatches a request that already carries its envelope.
    func send(_ request: JSONRPCRequest, principal: Principal, sink: @escaping OutboundSink = { _ in }) async -> JSONRPCMessage? {
        let origin = Dispatcher.Origin(principal: principal, sink: sink, declaredVersion: .latest)
        return await dispatcher.handle(request, session: stateless, origin: origin)
    }

    /// Answers `initialize` the way `/mcp` does for a legacy client, on a session that ends with
    /// the call: the REST routes keep no session, so this only reports what the server offers.
    func initialize(_ params: [String: JSONValue], principal: Principal) async -> JSONRPCMessage? {
        var params = params
        params["protocolVersion"] = params["protocolVersion"] ?? .string(ProtocolVersion.latestHandshake.rawValue)
        params["capabilities"] = params["capabilities"] ?? .object([:])
        params["clientInfo"] = params["clientInfo"] ?? Self.clientInfo
        let session = ServerSession(id: "rest-initialize", principal: principal, sink: { _ in })
        let request = JSONRPCRequest(id: .string("rest-\(counter.next())"), method: Method.initialize, params: .object(params))
        return await dispatcher.handle(request, session: session, origin: Dispatcher.Origin(principal: principal, sink: { _ in }))
    }

    /// A reply as a REST outcome: the result, or a problem with the status its code means.
    public func outcome(of reply: JSONRPCMessage?) -> RESTOutcome {
        switch reply {
        case .response(let response)?:
            if response.result["isError"] == .bool(true) { return .failed(problem(forToolError: response.result), result: response.result) }
            return .succeeded(response.result)
        case .errorResponse(let failure)?:
            let error = failure.error
            var problem = RESTProblem(status: options.status(forProtocolError: error.code), code: error.code, message: error.message, data: error.data)
            if error.code == JSONRPCError.Code.insufficientScope { problem.headers = BearerChallenge.headers(for: error) }
            if error.code == JSONRPCError.Code.rateLimited, let seconds = error.data?["retryAfterSeconds"]?.intValue {
                problem.headers[.retryAfter] = String(seconds)
            }
            return .failed(problem, result: nil)
        case nil:
            return .cancelled
        case .request?, .notification?:
            return .failed(RESTProblem(status: .internalServerError, code: JSONRPCError.Code.internalError, message: "the dispatcher answered with a request"), result: nil)
        }
    }

    /// The problem for an `isError` tool result: its `structuredContent.error`, or its text.
    func problem(forToolError result: JSONValue) -> RESTProblem {
        let error = result["structuredContent"]?["error"]
        let code = error?["code"]?.intValue ?? JSONRPCError.Code.internalError
        let message = error?["message"]?.stringValue
            ?? result["content"]?[0]?["text"]?.stringValue
            ?? "the tool reported an error"
        let data = error?["data"]
        return RESTProblem(status: options.status(forToolError: code, data: data), code: code, message: message, data: data)
    }

    /// Calls a tool and answers as the REST routes do: 200 with the `CallToolResult`, or a
    /// problem document.
    public func callTool(_ name: String, arguments: [String: JSONValue], principal: Principal) async -> Response {
        let reply = await send(Method.toolsCall, params: ["name": .string(name), "arguments": .object(arguments)], principal: principal)
        return outcome(of: reply).response
    }

    /// Like ``callTool(_:arguments:principal:)`` but answering with the tool's
    /// `structuredContent` alone, for routes that present a tool as a plain resource.
    public func callToolStructured(_ name: String, arguments: [String: JSONValue], principal: Principal, status: HTTPResponse.Status = .ok, headers: (JSONValue) -> HTTPFields = { _ in [:] }) async -> Response {
        let reply = await send(Method.toolsCall, params: ["name": .string(name), "arguments": .object(arguments)], principal: principal)
        switch outcome(of: reply) {
        case .succeeded(let result):
            let content = result["structuredContent"] ?? .object([:])
            return HTTPReplies.json(content, status: status, headers: headers(content))
        case let other:
            return other.response
        }
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}

/// How a REST call ended.
public enum RESTOutcome: Sendable {
    /// The method's result (for `tools/call`, a `CallToolResult` without `isError`).
    case succeeded(JSONValue)
    /// A protocol error or an `isError` tool result (then `result` holds it).
    case failed(RESTProblem, result: JSONValue?)
    /// The call was cancelled before it answered.
    case cancelled

    /// The HTTP answer: 200 with the result, or the problem document.
    public var response: Response {
        switch self {
        case .succeeded(let result): return HTTPReplies.json(result)
        case .failed(let problem, _): return problem.response
        case .cancelled:
            return RESTProblem(status: .serviceUnavailable, code: JSONRPCError.Code.internalError, message: "the call was cancelled (the server is shutting down)").response
        }
    }
}
