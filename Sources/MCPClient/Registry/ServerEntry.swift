import MCP

/// How a registered server is reached.
public enum TransportKind: String, Sendable, Hashable, CaseIterable {
    /// A child process speaking newline-delimited JSON-RPC on stdin/stdout.
    case stdio
    /// Streamable HTTP (either era), with the 2024-11-05 HTTP+SSE fallback.
    case http
    /// The 2024-11-05 HTTP+SSE transport, forced.
    case sse
}

/// OAuth settings of an HTTP entry (`auth.type = "oauth"`).
public struct OAuthSettings: Sendable, Hashable {
    public var clientID: String?
    public var clientSecret: String?
    public var callbackPort: Int?
    public var scope: String?
    public var clientMetadataURL: String?

    public init(clientID: String? = nil, clientSecret: String? = nil, callbackPort: Int? = nil, scope: String? = nil, clientMetadataURL: String? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.callbackPort = callbackPort
        self.scope = scope
        self.clientMetadataURL = clientMetadataURL
    }
}

/// The `auth` object of an HTTP entry.
public enum AuthConfig: Sendable, Hashable {
    case bearer(token: String)
    case apiKey(key: String, header: String)
    case basic(username: String, password: String)
    case oauth(OAuthSettings)

    /// The name written in the file and shown by `list`.
    public var typeName: String {
        switch self {
        case .bearer: return "bearer"
        case .apiKey: return "api_key"
        case .basic: return "basic"
        case .oauth: return "oauth"
        }
    }
}

/// One server of the registry, as stored: `${VAR}` placeholders are kept unexpanded.
public struct ServerEntry: Sendable, Hashable {
    public var transport: TransportKind
    public var command: String?
    public var args: [String]
    public var env: [String: String]
    public var cwd: String?
    public var url: String?
    public var headers: [String: String]
    public var auth: AuthConfig?
    /// Per-request inactivity timeout in seconds (default 60).
    public var timeout: Double?
    /// Hard cap per call in seconds (default 600).
    public var maxTimeout: Double?
    /// Idle read timeout on SSE streams in seconds (default 300).
    public var sseTimeout: Double?
    /// `auto`, `legacy-first`, or a fixed revision.
    public var protocolPreference: String?

    public init(transport: TransportKind, command: String? = nil, args: [String] = [], env: [String: String] = [:], cwd: String? = nil,
                url: String? = nil, headers: [String: String] = [:], auth: AuthConfig? = nil, timeout: Double? = nil,
                maxTimeout: Double? = nil, sseTimeout: Double? = nil, protocolPreference: String? = nil) {
        self.transport = transport
        self.command = command
        self.args = args
        self.env = env
        self.cwd = cwd
        self.url = url
        self.headers = headers
        self.auth = auth
        self.timeout = timeout
        self.maxTimeout = maxTimeout
        self.sseTimeout = sseTimeout
        self.protocolPreference = protocolPreference
    }

    /// A stdio entry.
    public static func stdio(command: String, args: [String] = [], env: [String: String] = [:], cwd: String? = nil) -> ServerEntry {
        ServerEntry(transport: .stdio, command: command, args: args, env: env, cwd: cwd)
    }

    /// An HTTP entry.
    public static func http(url: String, headers: [String: String] = [:], auth: AuthConfig? = nil) -> ServerEntry {
        ServerEntry(transport: .http, url: url, headers: headers, auth: auth)
    }

    public static let defaultTimeout = 60.0
    public static let defaultMaxTimeout = 600.0
    public static let defaultSSETimeout = 300.0

    /// The entry as written to `mcp.json` (normalised `type`, unexpanded placeholders).
    public var json: JSONValue {
        var members: [String: JSONValue] = ["type": .string(transport.rawValue)]
        switch transport {
        case .stdio:
            if let command { members["command"] = .string(command) }
            if !args.isEmpty { members["args"] = .array(args.map(JSONValue.string)) }
            if !env.isEmpty { members["env"] = .object(env.mapValues(JSONValue.string)) }
            if let cwd { members["cwd"] = .string(cwd) }
        case .http, .sse:
            if let url { members["url"] = .string(url) }
            if !headers.isEmpty { members["headers"] = .object(headers.mapValues(JSONValue.string)) }
            if let auth { members["auth"] = auth.json }
            if let timeout { members["timeout"] = Self.number(timeout) }
            if let maxTimeout { members["max_timeout"] = Self.number(maxTimeout) }
            if let sseTimeout { members["sse_timeout"] = Self.number(sseTimeout) }
            if let protocolPreference { members["protocol"] = .string(protocolPreference) }
        }
        return .object(members)
    }

    private static func number(_ value: Double) -> JSONValue {
        if let integer = Int(exactly: value) { return .int(integer) }
        return .double(value)
    }
}

extension AuthConfig {
    /// The `auth` object as written to the file.
    public var json: JSONValue {
        switch self {
        case .bearer(let token): return ["type": "bearer", "token": .string(token)]
        case .apiKey(let key, let header): return ["type": "api_key", "key": .string(key), "header": .string(header)]
        case .basic(let username, let password): return ["type": "basic", "username": .string(username), "password": .string(password)]
        case .oauth(let settings):
            var members: [String: JSONValue] = ["type": "oauth"]
            if let value = settings.clientID { members["client_id"] = .string(value) }
            if let value = settings.clientSecret { members["client_secret"] = .string(value) }
            if let value = settings.callbackPort { members["callback_port"] = .int(value) }
            if let value = settings.scope { members["scope"] = .string(value) }
            if let value = settings.clientMetadataURL { members["client_metadata_url"] = .string(value) }
            return .object(members)
        }
    }
}
