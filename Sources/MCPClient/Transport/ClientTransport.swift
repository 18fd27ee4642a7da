import MCP

/// Which generation of the protocol a connection speaks.
public enum ConnectionEra: String, Sendable, Hashable {
    /// 2026-07-28: stateless, `_meta` envelope on every request, `server/discover`.
    case modern
    /// 2025-03-26 … 2025-11-25 (and stdio 2024-11-05): `initialize` handshake, optional session.
    case legacy
    /// 2024-11-05 HTTP+SSE: a GET stream plus a POST endpoint.
    case sse
}

/// What the handshake established.
public struct Handshake: Sendable, Hashable {
    public var era: ConnectionEra
    public var protocolVersion: ProtocolVersion
    public var serverInfo: JSONValue?
    public var capabilities: JSONValue?
    public var instructions: String?

    public init(era: ConnectionEra, protocolVersion: ProtocolVersion, serverInfo: JSONValue? = nil, capabilities: JSONValue? = nil, instructions: String? = nil) {
        self.era = era
        self.protocolVersion = protocolVersion
        self.serverInfo = serverInfo
        self.capabilities = capabilities
        self.instructions = instructions
    }
}

/// One connection to one server. Requests are matched to responses by id; notifications go to the
/// handler set with ``setNotificationHandler(_:)``.
public protocol ClientTransport: AnyObject, Sendable {
    /// Opens the connection and performs the handshake.
    func connect() async throws -> Handshake
    /// Sends a request and returns its `result`; a JSON-RPC error is thrown as ``RPCFailure``.
    func send(_ request: JSONRPCRequest) async throws -> JSONValue
    /// Sends a notification (best effort).
    func notify(_ notification: JSONRPCNotification) async
    /// Tells the server a request is abandoned: `notifications/cancelled` where the era has it.
    func cancel(_ id: RequestID, reason: String) async
    /// Receives every server notification.
    func setNotificationHandler(_ handler: @escaping @Sendable (JSONRPCNotification) -> Void)
    /// Ends the connection (DELETE the session, stop the child).
    func close() async
}

/// Who Quire says it is, and the capabilities it declares (plain objects only for what it implements).
public enum ClientIdentity {
    /// Set by the executable at start-up.
    nonisolated(unsafe) public static var version = "0.1.0"
    public static var info: JSONValue { ["name": "quire", "version": .string(version)] }
    /// Quire answers no server requests beyond `ping`, so it declares nothing.
    public static var capabilities: JSONValue { .object([:]) }

    /// `initialize` params for a handshake revision.
    static func initializeParams(_ version: ProtocolVersion) -> JSONValue {
        ["protocolVersion": .string(version.rawValue), "capabilities": capabilities, "clientInfo": info]
    }

    /// `params` with the 2026-07-28 `_meta` envelope merged in (keeping any `_meta` already there,
    /// such as a progress token).
    static func modernParams(_ params: JSONValue?, version: ProtocolVersion = .v2026_07_28) -> JSONValue {
        var members = params?.objectValue ?? [:]
        var meta = members["_meta"]?.objectValue ?? [:]
        meta[MetaKey.protocolVersion] = .string(version.rawValue)
        meta[MetaKey.clientCapabilities] = capabilities
        meta[MetaKey.clientInfo] = info
        members["_meta"] = .object(meta)
        return .object(members)
    }

    /// The reply owed to a server→client request: `ping` gets `{}`, everything else `-32601`.
    static func reply(to request: JSONRPCRequest) -> JSONRPCMessage {
        if request.method == Method.ping { return .response(JSONRPCResponse(id: request.id, result: .object([:]))) }
        return .errorResponse(JSONRPCErrorResponse(id: request.id, error: .methodNotFound(request.method)))
    }
}

/// The stream ended before the response arrived, and it cannot be resumed.
struct StreamLostError: Error, Sendable {
    var method: String
}
