import AsyncHTTPClient
import Foundation
import MCP
import NIOCore
import Synchronization

/// Settings of one HTTP connection, already expanded.
public struct HTTPSettings: Sendable {
    public var serverName: String
    public var url: String
    /// The entry's static headers (sent first; auth and protocol headers win over them).
    public var headers: [(String, String)]
    public var timeout: Double
    public var maxTimeout: Double
    public var sseTimeout: Double
    public var protocolPreference: String?
    public var forceSSE: Bool

    public init(serverName: String, url: String, headers: [(String, String)] = [], timeout: Double = ServerEntry.defaultTimeout,
                maxTimeout: Double = ServerEntry.defaultMaxTimeout, sseTimeout: Double = ServerEntry.defaultSSETimeout,
                protocolPreference: String? = nil, forceSSE: Bool = false) {
        self.serverName = serverName
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxTimeout = maxTimeout
        self.sseTimeout = sseTimeout
        self.protocolPreference = protocolPreference
        self.forceSSE = forceSSE
    }
}

/// Streamable HTTP in both eras, plus the 2024-11-05 HTTP+SSE transport, on async-http-client with
/// Quire's own SSE decoder. ``connect()`` detects the era (`mcp-client.md` §6) and the rest of the
/// connection follows it.
public final class HTTPTransport: ClientTransport {
    enum Mode: Sendable {
        case unknown
        case modern(ProtocolVersion)
        case legacy(ProtocolVersion)
        case sse(endpoint: String, version: ProtocolVersion?)
    }

    struct State: Sendable {
        var mode: Mode = .unknown
        var sessionID: String?
        var sseTask: Task<Void, Never>?
        /// Tool name → (argument → header name) for 2026-07-28 `x-mcp-header` mirroring (M11).
        var paramHeaders: [String: [String: String]] = [:]
    }

    enum Verb { case get, post, delete }

    let settings: HTTPSettings
    let http: HTTPClient
    let authenticator: (any HTTPAuthenticator)?
    let eraCache: EraCache?
    let state = Mutex(State())
    let pending = PendingRequests()
    let handler = Mutex<(@Sendable (JSONRPCNotification) -> Void)?>(nil)
    private let handshakeID = Mutex(0)

    public init(settings: HTTPSettings, http: HTTPClient, authenticator: (any HTTPAuthenticator)?, eraCache: EraCache?) {
        self.settings = settings
        self.http = http
        self.authenticator = authenticator
        self.eraCache = eraCache
        for (name, value) in settings.headers where Masking.isSensitiveHeader(name) { SecretRedactor.shared.register(value) }
    }

    public func setNotificationHandler(_ handler: @escaping @Sendable (JSONRPCNotification) -> Void) {
        self.handler.withLock { $0 = handler }
    }

    /// Registers `x-mcp-header` mappings for a tool (from its cached input schema).
    public func setParamHeaders(tool: String, inputSchema: JSONValue?) {
        var mapping: [String: String] = [:]
        for (property, schema) in inputSchema?["properties"]?.objectValue ?? [:] {
            if let header = schema["x-mcp-header"]?.stringValue { mapping[property] = header }
        }
        state.withLock { $0.paramHeaders[tool] = mapping }
    }

    func nextHandshakeID() -> RequestID {
        handshakeID.withLock { value in
            value -= 1
            return .int(value)
        }
    }

    var mode: Mode { state.withLock { $0.mode } }

    // MARK: - One HTTP exchange

    /// Sends one HTTP request with the entry's headers, credentials and `extra` protocol headers,
    /// repeating it after an auth recovery or one fitting `Retry-After`.
    func exchange(_ verb: Verb, url: String? = nil, body: [UInt8]? = nil, extra: [(String, String)] = [], accept: String,
                  deadline: NIODeadline? = nil) async throws -> HTTPClientResponse {
        var authAttempt = 0
        var waitedForRateLimit = false
        while true {
            try Task.checkCancellation()
            var request = HTTPClientRequest(url: url ?? settings.url)
            switch verb {
            case .get: request.method = .GET
            case .post: request.method = .POST
            case .delete: request.method = .DELETE
            }
            for (name, value) in settings.headers { request.headers.replaceOrAdd(name: name, value: value) }
            if let authenticator {
                for (name, value) in try await authenticator.authorizationHeaders() { request.headers.replaceOrAdd(name: name, value: value) }
            }
            for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
            request.headers.replaceOrAdd(name: "Accept", value: accept)
            if let body {
                request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: deadline ?? (.now() + .seconds(Int64(settings.maxTimeout) + 5)))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw HTTPErrorMapping.connectFailure(error, server: settings.serverName, url: url ?? settings.url)
            }
            let status = Int(response.status.code)
            if status == 401 || status == 403, let authenticator, authAttempt < 4 {
                let challenge = response.headers.first(name: "WWW-Authenticate")
                let body = try? await response.body.collect(upTo: 1 << 20)
                if try await authenticator.recover(status: status, wwwAuthenticate: challenge, attempt: authAttempt) {
                    authAttempt += 1
                    continue
                }
                throw HTTPStatusError(status: status, body: body.map { Array($0.readableBytesView) } ?? [], contentType: response.headers.first(name: "Content-Type"),
                                      wwwAuthenticate: challenge, retryAfter: nil)
            }
            if status == 429, !waitedForRateLimit, let retry = response.headers.first(name: "Retry-After").flatMap(Double.init), retry <= min(30, settings.maxTimeout) {
                waitedForRateLimit = true
                _ = try? await response.body.collect(upTo: 1 << 20)
                try await Task.sleep(for: .milliseconds(Int(retry * 1000)))
                continue
            }
            return response
        }
    }

    /// Reads the whole error body of a failed response into an ``HTTPStatusError``.
    func statusError(_ response: HTTPClientResponse) async -> HTTPStatusError {
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
        return HTTPStatusError(status: Int(response.status.code), body: body, contentType: response.headers.first(name: "Content-Type"),
                               wwwAuthenticate: response.headers.first(name: "WWW-Authenticate"), retryAfter: response.headers.first(name: "Retry-After"))
    }

    func fail(_ error: HTTPStatusError) -> ClientError {
        HTTPErrorMapping.statusFailure(error, server: settings.serverName, url: settings.url, oauth: authenticator?.isOAuth ?? false)
    }

    // MARK: - Protocol headers

    /// Headers for a request in the current mode.
    func protocolHeaders(for method: String, params: JSONValue?) -> [(String, String)] {
        let snapshot = state.withLock { $0 }
        switch snapshot.mode {
        case .modern(let version):
            var headers = [("MCP-Protocol-Version", version.rawValue), ("Mcp-Method", method)]
            if [Method.toolsCall, Method.resourcesRead, Method.promptsGet].contains(method),
               let name = params?["name"]?.stringValue ?? params?["uri"]?.stringValue {
                headers.append(("Mcp-Name", EraNegotiation.headerValue(name)))
            }
            if method == Method.toolsCall, let tool = params?["name"]?.stringValue, let mapping = snapshot.paramHeaders[tool] {
                for (argument, header) in mapping.sorted(by: { $0.key < $1.key }) {
                    switch params?["arguments"]?[argument] {
                    case .string(let value)?: headers.append(("Mcp-Param-\(header)", EraNegotiation.headerValue(value)))
                    case .int(let value)?: headers.append(("Mcp-Param-\(header)", String(value)))
                    case .double(let value)?: headers.append(("Mcp-Param-\(header)", String(value)))
                    case .bool(let value)?: headers.append(("Mcp-Param-\(header)", value ? "true" : "false"))
                    default: break
                    }
                }
            }
            return headers
        case .legacy(let version):
            var headers = [("MCP-Protocol-Version", version.rawValue)]
            if let session = snapshot.sessionID { headers.append(("Mcp-Session-Id", session)) }
            return headers
        case .sse, .unknown:
            return []
        }
    }

    // MARK: - ClientTransport

    public func send(_ request: JSONRPCRequest) async throws -> JSONValue {
        do {
            return try await sendRaw(request)
        } catch let error as HTTPStatusError {
            throw fail(error)
        }
    }

    func sendRaw(_ request: JSONRPCRequest) async throws -> JSONValue {
        switch mode {
        case .sse(let endpoint, _):
            return try await sendOverSSE(request, endpoint: endpoint)
        case .modern(let version):
            var request = request
            request.params = ClientIdentity.modernParams(request.params, version: version)
            return try await post(request)
        case .legacy, .unknown:
            do {
                return try await post(request)
            } catch let error as HTTPStatusError where error.status == 404 && state.withLock({ $0.sessionID }) != nil {
                // L26: the session is gone; start a new one once and resend.
                state.withLock { $0.sessionID = nil }
                try await reinitialize()
                do {
                    return try await post(request)
                } catch let again as HTTPStatusError where again.status == 404 {
                    throw ClientError.connection("Session expired and could not be re-established for '\(settings.serverName)'")
                }
            }
        }
    }

    public func notify(_ notification: JSONRPCNotification) async {
        var notification = notification
        switch mode {
        case .sse(let endpoint, _):
            _ = try? await exchange(.post, url: endpoint, body: JSONRPCMessage.notification(notification).serialized, accept: "application/json, text/event-stream")
            return
        case .modern(let version):
            notification.params = ClientIdentity.modernParams(notification.params, version: version)
        default: break
        }
        let headers = protocolHeaders(for: notification.method, params: notification.params)
        if let response = try? await exchange(.post, body: JSONRPCMessage.notification(notification).serialized, extra: headers, accept: "application/json, text/event-stream") {
            _ = try? await response.body.collect(upTo: 1 << 20)
        }
    }

    public func cancel(_ id: RequestID, reason: String) async {
        switch mode {
        case .modern:
            // M8: closing the stream (the cancelled task) is the cancellation; nothing else is sent.
            return
        default:
            pending.forget(id)
            await notify(JSONRPCNotification(method: Method.cancelled, params: ["requestId": id.json, "reason": .string(reason)]))
        }
    }

    public func close() async {
        let snapshot = state.withLock { state -> State in
            let copy = state
            state.sessionID = nil
            state.sseTask = nil
            return copy
        }
        snapshot.sseTask?.cancel()
        if case .legacy(let version) = snapshot.mode, let session = snapshot.sessionID {
            // L27: end the session, 2 s budget; 404/405 are fine.
            let headers = [("Mcp-Session-Id", session), ("MCP-Protocol-Version", version.rawValue)]
            if let response = try? await exchange(.delete, extra: headers, accept: "application/json, text/event-stream", deadline: .now() + .seconds(2)) {
                _ = try? await response.body.collect(upTo: 1 << 16)
            }
        }
        pending.failAll(CancellationError())
    }
}
