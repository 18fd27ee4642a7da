import AsyncHTTPClient
import Foundation
import MCP
import Synchronization

/// Options for opening a connection.
public struct ConnectOptions: Sendable {
    public var home: QuireHome
    /// Show a stdio server's stderr on the terminal instead of its log file.
    public var verbose: Bool
    /// Overrides of the entry's timeouts, in seconds.
    public var timeout: Double?
    public var maxTimeout: Double?
    /// Whether a browser/terminal login may start when OAuth needs one.
    public var interactive: Bool
    /// Reports OAuth progress and the authorization URL to the user.
    public var notice: @Sendable (String) -> Void

    public init(home: QuireHome, verbose: Bool = false, timeout: Double? = nil, maxTimeout: Double? = nil, interactive: Bool = false,
                notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.home = home
        self.verbose = verbose
        self.timeout = timeout
        self.maxTimeout = maxTimeout
        self.interactive = interactive
        self.notice = notice
    }
}

/// A request that got neither a response nor progress in time.
struct RequestTimeout: Error { var hard: Bool }

/// One live connection to a registered server: handshake done, requests with timeouts and progress.
public final class MCPSession: Sendable {
    public let serverName: String
    public let transport: any ClientTransport
    public let handshake: Handshake
    let timeout: Double
    let maxTimeout: Double
    private let nextID = Mutex(1)
    private let progressHandlers = Mutex<[RequestID: @Sendable (ProgressParams) -> Void]>([:])
    private let verbose: Bool

    init(serverName: String, transport: any ClientTransport, handshake: Handshake, timeout: Double, maxTimeout: Double, verbose: Bool) {
        self.serverName = serverName
        self.transport = transport
        self.handshake = handshake
        self.timeout = timeout
        self.maxTimeout = maxTimeout
        self.verbose = verbose
    }

    /// Connects to `entry` (already expanded with ``VariableExpander``) and performs the handshake.
    public static func open(name: String, entry: ServerEntry, options: ConnectOptions, http: HTTPClient) async throws -> MCPSession {
        let timeout = options.timeout ?? entry.timeout ?? ServerEntry.defaultTimeout
        let maxTimeout = max(options.maxTimeout ?? entry.maxTimeout ?? ServerEntry.defaultMaxTimeout, timeout)
        let transport: any ClientTransport
        switch entry.transport {
        case .stdio:
            transport = StdioTransport(serverName: name, entry: entry, logPath: options.home.logDirectory + "/\(name).log", verbose: options.verbose)
        case .http, .sse:
            var headers = entry.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            var authenticator: (any HTTPAuthenticator)?
            switch entry.auth {
            case .oauth(let settings)?:
                authenticator = OAuthAuthenticator(serverName: name, serverURL: entry.url ?? "", settings: settings, store: TokenStore(home: options.home),
                                                   http: http, interactive: options.interactive, notice: options.notice)
            case let auth?:
                authenticator = StaticAuthenticator(auth)
            case nil:
                break
            }
            if let staticAuth = authenticator as? StaticAuthenticator {
                // Static credentials never change: fold them into the headers (auth wins over a same-named header).
                let names = Set(staticAuth.headers.map { $0.0.lowercased() })
                headers = headers.filter { !names.contains($0.0.lowercased()) } + staticAuth.headers
                authenticator = nil
            }
            let settings = HTTPSettings(serverName: name, url: entry.url ?? "", headers: headers, timeout: timeout, maxTimeout: maxTimeout,
                                        sseTimeout: entry.sseTimeout ?? ServerEntry.defaultSSETimeout, protocolPreference: entry.protocolPreference,
                                        forceSSE: entry.transport == .sse)
            transport = HTTPTransport(settings: settings, http: http, authenticator: authenticator, eraCache: EraCache(home: options.home))
        }
        let clock = ActivityClock()
        let handshake: Handshake
        do {
            // Discovery has a deadline for stdio too: a server that never answers `initialize` is a timeout.
            handshake = try await clock.run(idle: timeout, hardLimit: maxTimeout, timeout: { _ in RequestTimeout(hard: false) }) {
                try await transport.connect()
            }
        } catch is RequestTimeout {
            await transport.close()
            throw ClientError.connection("Timed out after \(format(timeout)) s waiting for '\(name)' to finish the handshake; is it an MCP server? (raise --timeout)")
        } catch let failure as RPCFailure {
            await transport.close()
            throw ClientError(.rpc, "\(failure.method) failed on '\(name)' (\(failure.error.code)): \(failure.error.message)")
        } catch {
            await transport.close()
            throw error
        }
        let session = MCPSession(serverName: name, transport: transport, handshake: handshake, timeout: timeout, maxTimeout: maxTimeout, verbose: options.verbose)
        transport.setNotificationHandler { [weak session] notification in session?.receive(notification) }
        return session
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    private func receive(_ notification: JSONRPCNotification) {
        switch notification.method {
        case Method.progress:
            guard let params = notification.params, let token = params["progressToken"].flatMap(RequestID.init(json:)) else { return }
            let update = ProgressParams(progressToken: token, progress: params["progress"]?.doubleValue ?? 0, total: params["total"]?.doubleValue,
                                        message: params["message"]?.stringValue)
            progressHandlers.withLock { $0[token] }?(update)
        case Method.message where verbose:
            let level = notification.params?["level"]?.stringValue ?? "info"
            let data = notification.params?["data"].map { $0.stringValue ?? $0.jsonString } ?? ""
            FileHandle.standardError.write(Data(SecretRedactor.shared.scrub("[\(serverName) \(level)] \(data)\n").utf8))
        default:
            break
        }
    }

    private func makeID() -> RequestID {
        nextID.withLock { value in
            defer { value += 1 }
            return .int(value)
        }
    }

    /// Sends a request with the inactivity timeout (reset by progress) and the hard maximum; on
    /// expiry the request is cancelled on the wire.
    /// - Parameters:
    ///   - label: what the timeout message calls the request (a tool name).
    ///   - reissue: whether a request whose modern stream was lost may be sent again once.
    public func request(_ method: String, params: JSONValue? = nil, label: String? = nil, reissue: Bool = true,
                        onProgress: (@Sendable (ProgressParams) -> Void)? = nil) async throws -> JSONValue {
        var attempt = 0
        while true {
            do {
                return try await requestOnce(method, params: params, label: label, onProgress: onProgress)
            } catch let lost as StreamLostError {
                attempt += 1
                guard reissue, attempt < 2 else {
                    throw ClientError.connection("The stream for '\(label ?? lost.method)' on '\(serverName)' was lost before the response; the outcome is unknown (pass --reissue to send it again)")
                }
            }
        }
    }

    private func requestOnce(_ method: String, params: JSONValue?, label: String?, onProgress: (@Sendable (ProgressParams) -> Void)?) async throws -> JSONValue {
        let id = makeID()
        let clock = ActivityClock()
        var params = params
        if let onProgress {
            var members = params?.objectValue ?? [:]
            var meta = members["_meta"]?.objectValue ?? [:]
            meta[MetaKey.progressToken] = id.json
            members["_meta"] = .object(meta)
            params = .object(members)
            progressHandlers.withLock { $0[id] = { update in clock.touch(); onProgress(update) } }
        }
        defer { progressHandlers.withLock { _ = $0.removeValue(forKey: id) } }
        let request = JSONRPCRequest(id: id, method: method, params: params)
        let transport = self.transport
        do {
            return try await clock.run(idle: timeout, hardLimit: maxTimeout, timeout: { RequestTimeout(hard: $0) }) {
                try await transport.send(request)
            }
        } catch let expired as RequestTimeout {
            await transport.cancel(id, reason: "timed out")
            let limit = expired.hard ? maxTimeout : timeout
            throw ClientError.connection("Timed out after \(Self.format(limit)) s waiting for '\(label ?? method)' on '\(serverName)' (\(expired.hard ? "maximum time reached" : "no progress")); raise --timeout or --max-timeout")
        } catch let failure as RPCFailure {
            throw ClientError(.rpc, "\(failure.method) failed (\(failure.error.code)): \(SecretRedactor.shared.scrub(failure.error.message)) [server '\(serverName)']")
        }
    }

    /// Every tool, following `nextCursor` (at most 100 pages).
    public func listTools() async throws -> (tools: [JSONValue], ttlMs: Int?) {
        var tools: [JSONValue] = []
        var cursor: String?
        var ttl: Int?
        for _ in 0..<100 {
            let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
            let result = try await request(Method.toolsList, params: params)
            tools += result["tools"]?.arrayValue ?? []
            ttl = ttl ?? result["ttlMs"]?.intValue
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        return (tools, ttl)
    }

    /// Calls a tool; the raw result (check `isError`).
    public func callTool(_ name: String, arguments: [String: JSONValue], reissue: Bool,
                         onProgress: (@Sendable (ProgressParams) -> Void)? = nil) async throws -> JSONValue {
        try await request(Method.toolsCall, params: ["name": .string(name), "arguments": .object(arguments)], label: name, reissue: reissue, onProgress: onProgress)
    }

    /// Ends the connection.
    public func close() async { await transport.close() }
}
