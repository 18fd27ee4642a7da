import Foundation
import MCP

/// Parses and validates registry entries. Every path that produces an entry (the `add` flags,
/// `add-json`, `import`, loading the file) goes through here, so all run the same checks.
public enum EntryParser {
    /// Headers the client sets itself; configuring them would break the protocol.
    static let reservedHeaders: Set<String> = [
        "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id", "accept", "content-type",
    ]

    static let stdioKeys: Set<String> = ["type", "command", "args", "env", "cwd", "transport"]
    static let httpKeys: Set<String> = ["type", "url", "headers", "auth", "timeout", "max_timeout", "sse_timeout", "protocol", "transport"]

    /// Whether `name` is a valid server name: letters, digits, `-` and `_`, 1–64 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
    }

    /// Throws the reference's message for an invalid server name.
    public static func validateName(_ name: String) throws(ConfigError) {
        guard isValidName(name) else {
            throw ConfigError("Invalid server name '\(name)': use letters, digits, '-' and '_' (1–64 characters)")
        }
    }

    /// Parses one entry. Warnings (unknown keys, plain http to a remote host) are returned, already prefixed.
    public static func parse(name: String, _ value: JSONValue) throws(ConfigError) -> (entry: ServerEntry, warnings: [String]) {
        try validateName(name)
        func fail(_ detail: String) -> ConfigError { .server(name, detail) }
        guard case .object(let members) = value else { throw fail("entry must be an object") }
        var warnings: [String] = []

        let kind = try transportKind(members, fail: fail)
        let known = kind == .stdio ? stdioKeys : httpKeys
        for key in members.keys.sorted() where !known.contains(key) {
            warnings.append("Server '\(name)': unknown key '\(key)' ignored")
        }

        switch kind {
        case .stdio:
            guard case .string(let command)? = members["command"], !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("stdio entries need a non-empty 'command'")
            }
            var args: [String] = []
            if let raw = members["args"], raw != .null {
                guard case .array(let elements) = raw else { throw fail("'args' must be a list of strings") }
                for element in elements {
                    guard case .string(let arg) = element else { throw fail("'args' must be a list of strings") }
                    args.append(arg)
                }
            }
            let env = try stringMap(members["env"], error: fail("'env' must be an object of strings"))
            var cwd: String?
            if let raw = members["cwd"], raw != .null {
                guard case .string(let path) = raw else { throw fail("'cwd' must be a string") }
                cwd = path
            }
            return (.stdio(command: command, args: args, env: env, cwd: cwd), warnings)

        case .http, .sse:
            guard let rawURL = members["url"], rawURL != .null else { throw fail("http entries need 'url'") }
            guard case .string(let url) = rawURL else { throw fail("'url' must start with http:// or https://") }
            try checkURL(url, fail: fail, warnings: &warnings, name: name)
            let headers = try stringMap(members["headers"], error: fail("'headers' must be an object of strings"))
            for (header, headerValue) in headers {
                if reservedHeaders.contains(header.lowercased()) || header.lowercased().hasPrefix("mcp-param-") {
                    throw fail("header '\(header)' is set by the client and cannot be configured")
                }
                if containsControl(header) || containsControl(headerValue) || header.isEmpty {
                    throw fail("header '\(header)' contains control characters")
                }
            }
            var entry = ServerEntry(transport: kind, url: url, headers: headers)
            entry.timeout = try seconds(members["timeout"], fail: fail, message: "'timeout' must be a positive number of seconds")
            if let timeout = entry.timeout, timeout > 600 { throw fail("'timeout' cannot exceed 600 seconds") }
            entry.sseTimeout = try seconds(members["sse_timeout"], fail: fail, message: "'sse_timeout' must be a positive number")
            entry.maxTimeout = try seconds(members["max_timeout"], fail: fail, message: "'max_timeout' must be at least 'timeout'")
            if let maxTimeout = entry.maxTimeout, maxTimeout < (entry.timeout ?? ServerEntry.defaultTimeout) {
                throw fail("'max_timeout' must be at least 'timeout'")
            }
            if let raw = members["protocol"], raw != .null {
                guard case .string(let preference) = raw, isValidProtocol(preference) else {
                    throw fail("'protocol' must be auto, legacy-first or one of \(ProtocolVersion.known.map(\.rawValue).joined(separator: ", "))")
                }
                entry.protocolPreference = preference
            }
            if let raw = members["auth"], raw != .null {
                entry.auth = try parseAuth(raw, fail: fail)
            }
            return (entry, warnings)
        }
    }

    static func isValidProtocol(_ value: String) -> Bool {
        value == "auto" || value == "legacy-first" || ProtocolVersion(rawValue: value).isKnown
    }

    private static func transportKind(_ members: [String: JSONValue], fail: (String) -> ConfigError) throws(ConfigError) -> TransportKind {
        let rawType = members["type"] ?? members["transport"]
        if let rawType, rawType != .null {
            guard case .string(let type) = rawType else { throw fail("unsupported type '\(rawType.jsonString)'; use stdio, http (streamable-http) or sse") }
            switch type.lowercased() {
            case "stdio": return .stdio
            case "http", "streamable-http", "streamablehttp", "streamable_http": return .http
            case "sse": return .sse
            default: throw fail("unsupported type '\(type)'; use stdio, http (streamable-http) or sse")
            }
        }
        let hasCommand = members["command"] != nil
        let hasURL = members["url"] != nil
        if hasCommand && hasURL { throw fail("has both 'command' and 'url'; set 'type'") }
        return hasURL ? .http : .stdio
    }

    private static func checkURL(_ url: String, fail: (String) -> ConfigError, warnings: inout [String], name: String) throws(ConfigError) {
        // Placeholders are checked after expansion; the scheme must be literal or come from a variable.
        if url.hasPrefix("${") { return }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw fail("'url' must start with http:// or https://")
        }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            if url.contains("${") { return }
            throw fail("'url' must start with http:// or https://")
        }
        if lower.hasPrefix("http://"), !isLoopback(host), !host.contains("${") {
            warnings.append("Server '\(name)': plain http to non-local host \(host); use https")
        }
    }

    /// Whether `host` (as parsed from a URL) is a loopback name or address.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.") || bare.hasSuffix(".localhost")
    }

    private static func stringMap(_ raw: JSONValue?, error: ConfigError) throws(ConfigError) -> [String: String] {
        guard let raw, raw != .null else { return [:] }
        guard case .object(let members) = raw else { throw error }
        var result: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let string) = value else { throw error }
            result[key] = string
        }
        return result
    }

    private static func seconds(_ raw: JSONValue?, fail: (String) -> ConfigError, message: String) throws(ConfigError) -> Double? {
        guard let raw, raw != .null else { return nil }
        guard let value = raw.doubleValue, value > 0, value.isFinite else { throw fail(message) }
        return value
    }

    static func containsControl(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    private static func parseAuth(_ raw: JSONValue, fail: (String) -> ConfigError) throws(ConfigError) -> AuthConfig {
        guard case .object(let members) = raw, case .string(let type)? = members["type"] else {
            throw fail("'auth' must be an object with a 'type'")
        }
        func string(_ keys: String...) -> String? {
            for key in keys { if case .string(let value)? = members[key] { return value } }
            return nil
        }
        func checked(_ value: String) throws(ConfigError) -> String {
            if containsControl(value) { throw fail("auth value contains control characters") }
            return value
        }
        switch type.lowercased() {
        case "bearer":
            guard let token = string("token"), !token.isEmpty else { throw fail("bearer auth needs 'token'") }
            return .bearer(token: try checked(token))
        case "api_key", "api-key", "apikey":
            guard let key = string("key"), !key.isEmpty else { throw fail("api_key auth needs 'key'") }
            let header = string("header") ?? "X-API-Key"
            if header.isEmpty || containsControl(header) { throw fail("header '\(header)' contains control characters") }
            if reservedHeaders.contains(header.lowercased()) { throw fail("header '\(header)' is set by the client and cannot be configured") }
            return .apiKey(key: try checked(key), header: header)
        case "basic":
            guard let username = string("username"), let password = string("password"), !username.isEmpty, !password.isEmpty else {
                throw fail("basic auth needs 'username' and 'password'")
            }
            if username.contains(":") { throw fail("basic auth username cannot contain ':'") }
            return .basic(username: try checked(username), password: try checked(password))
        case "oauth":
            var settings = OAuthSettings()
            settings.clientID = try string("client_id", "clientId").map { value throws(ConfigError) in try checked(value) }
            settings.clientSecret = try string("client_secret", "clientSecret").map { value throws(ConfigError) in try checked(value) }
            settings.scope = string("scope")
            settings.clientMetadataURL = string("client_metadata_url", "clientMetadataUrl")
            if let port = members["callback_port"] ?? members["callbackPort"], port != .null {
                guard let number = port.intValue, (1...65535).contains(number) else { throw fail("'callback_port' must be a port number (1–65535)") }
                settings.callbackPort = number
            }
            return .oauth(settings)
        default:
            throw fail("unsupported auth type '\(type)'; use bearer, api_key, basic or oauth")
        }
    }
}
