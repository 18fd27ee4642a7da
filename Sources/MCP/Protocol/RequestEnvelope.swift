/// The 2026-07-28 per-request `_meta` envelope that replaces the session handshake.
public struct RequestEnvelope: Sendable, Hashable {
    /// The protocol revision.
    public var protocolVersion: ProtocolVersion
    /// What the client supports.
    public var clientCapabilities: ClientCapabilities
    /// The client's name and version.
    public var clientInfo: Implementation?
    /// Log notifications are sent only when the request opted in with a level (M16).
    public var logLevel: LoggingLevel?

    /// Creates a `RequestEnvelope` from its members.
    public init(protocolVersion: ProtocolVersion, clientCapabilities: ClientCapabilities, clientInfo: Implementation? = nil, logLevel: LoggingLevel? = nil) {
        self.protocolVersion = protocolVersion
        self.clientCapabilities = clientCapabilities
        self.clientInfo = clientInfo
        self.logLevel = logLevel
    }

    /// Whether `params` carries a 2026-07-28 envelope, which is how a dual-era server tells a
    /// modern request from a legacy one (M18).
    public static func isPresent(in params: JSONValue?) -> Bool {
        params?["_meta"]?[MetaKey.protocolVersion] != nil
    }

    /// Reads and validates the envelope.
    /// - Throws: ``JSONRPCError`` `-32602` when `_meta` or a required key is missing or malformed,
    ///   `-32022` when the version is not one Quire serves in this era.
    public init(params: JSONValue?) throws(JSONRPCError) {
        guard let meta = params?["_meta"] else {
            throw .invalidParams("missing \"_meta\": a 2026-07-28 request carries \"\(MetaKey.protocolVersion)\" and \"\(MetaKey.clientCapabilities)\" in params._meta")
        }
        guard case .object = meta else { throw .invalidParams("\"_meta\" must be an object") }
        guard let versionValue = meta[MetaKey.protocolVersion] else {
            throw .invalidParams("missing \"_meta.\(MetaKey.protocolVersion)\"")
        }
        guard case .string(let version) = versionValue else {
            throw .invalidParams("\"_meta.\(MetaKey.protocolVersion)\" must be a string")
        }
        let requested = ProtocolVersion(rawValue: version)
        guard requested.isModern else {
            throw .unsupportedProtocolVersion(requested: version, supported: ProtocolVersion.modern)
        }
        guard let capabilitiesValue = meta[MetaKey.clientCapabilities] else {
            throw .invalidParams("missing \"_meta.\(MetaKey.clientCapabilities)\"")
        }
        guard case .object(let capabilities) = capabilitiesValue else {
            throw .invalidParams("\"_meta.\(MetaKey.clientCapabilities)\" must be an object")
        }
        var clientInfo: Implementation?
        if let infoValue = meta[MetaKey.clientInfo], infoValue != .null {
            guard case .string(let name)? = infoValue["name"], case .string(let infoVersion)? = infoValue["version"] else {
                throw .invalidParams("\"_meta.\(MetaKey.clientInfo)\" needs string \"name\" and \"version\"")
            }
            clientInfo = Implementation(name: name, version: infoVersion, title: infoValue["title"]?.stringValue)
        }
        var logLevel: LoggingLevel?
        if let levelValue = meta[MetaKey.logLevel], levelValue != .null {
            guard let level = levelValue.stringValue.flatMap(LoggingLevel.init(rawValue:)) else {
                throw .invalidParams("\"_meta.\(MetaKey.logLevel)\" must be one of \(LoggingLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = level
        }
        self.init(protocolVersion: requested, clientCapabilities: ClientCapabilities(raw: capabilities), clientInfo: clientInfo, logLevel: logLevel)
    }
}

extension JSONValue {
    /// The `progressToken` a request's `params._meta` carries, if any.
    public var progressToken: ProgressToken? {
        self["_meta"]?[MetaKey.progressToken].flatMap(RequestID.init(json:))
    }
}
