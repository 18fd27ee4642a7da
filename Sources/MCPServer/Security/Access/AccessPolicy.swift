import MCP

/// Maps OAuth scopes to ``Permission``s and requests to the permission they need.
///
/// The same policy is applied by the dispatcher (so stdio, every HTTP era and the REST routes
/// refuse a call the same way) and by the HTTP layer before it answers (so the refusal is a
/// 403 with an `insufficient_scope` challenge rather than an error inside a stream).
///
/// `tools/list` is not filtered by scope: a client sees every tool, and a call beyond its scopes
/// gets a challenge naming the scope to ask for — which is how MCP's step-up authorization works.
public struct AccessPolicy: Sendable {
    /// The scope that grants each permission.
    public var scopes: [Permission: String]
    /// Per-tool overrides of the permission a tool needs.
    public var toolPermissions: [String: Permission]

    /// Scope names used unless configured otherwise.
    public static let defaultScopes: [Permission: String] = [.read: "quire:read", .write: "quire:write", .admin: "quire:admin"]

    public init(scopes: [Permission: String] = AccessPolicy.defaultScopes, toolPermissions: [String: Permission] = [:]) {
        self.scopes = scopes
        self.toolPermissions = toolPermissions
    }

    /// The scope string for `permission`.
    public func scope(for permission: Permission) -> String { scopes[permission] ?? Self.defaultScopes[permission] ?? permission.rawValue }

    /// Every scope this server understands, least powerful first (PRM `scopes_supported`).
    public var supportedScopes: [String] { Permission.allCases.map(scope(for:)) }

    /// The highest permission `principal`'s scopes grant, or `nil` for none. `*` grants all.
    public func permission(of principal: Principal) -> Permission? {
        if principal.scopes.contains("*") { return .admin }
        return Permission.allCases.reversed().first { principal.scopes.contains(scope(for: $0)) }
    }

    /// The permission calling `tool` needs: an override, else read for tools that declare
    /// themselves read-only, else write.
    public func permission(forTool tool: Tool) -> Permission {
        if let override = toolPermissions[tool.name] { return override }
        return tool.annotations?.readOnlyHint == true ? .read : .write
    }

    /// The permission a request needs, or `nil` when it needs none (handshake, ping, discovery).
    /// `tool` is the definition of the tool a `tools/call` names, when it exists.
    public func permission(forMethod method: String, tool: Tool?) -> Permission? {
        switch method {
        case Method.initialize, Method.ping, Method.discover, Method.loggingSetLevel:
            return nil
        case Method.toolsCall:
            return tool.map(permission(forTool:)) ?? .read
        default:
            return method.hasPrefix("notifications/") ? nil : .read
        }
    }

    /// The refusal for `principal` asking for something that needs `needed`, or `nil` when allowed.
    public func refusal(for principal: Principal, needing needed: Permission?) -> JSONRPCError? {
        guard let needed else { return nil }
        if let held = permission(of: principal), held.includes(needed) { return nil }
        return .insufficientScope([scope(for: needed)], permission: needed.rawValue)
    }
}
