import Foundation

/// One line of the audit log: who did or tried what, to which targets, and how it ended.
/// Never holds a credential: failures carry a reason, not the token or key.
public struct AuditEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// A request with missing or unacceptable credentials.
        case authenticationFailed = "auth_failed"
        /// An authenticated caller asked for something its scopes do not allow.
        case permissionDenied = "permission_denied"
        /// A call that changes data (a tool that is not read-only, an upload).
        case mutation
        /// A request refused by a rate limit.
        case rateLimited = "rate_limited"
    }

    public var kind: Kind
    public var time: Date
    /// The principal id, when known.
    public var principal: String?
    /// The client's address, when known.
    public var clientAddress: String?
    /// `stdio`, `http`, `sse`, `rest`.
    public var transport: String?
    /// The JSON-RPC method or HTTP route.
    public var method: String?
    /// The tool, for tool calls.
    public var tool: String?
    /// Ids the call acted on (document ids, collection ids, subscription ids).
    public var targets: [String]
    /// `ok`, `error`, `denied`, `cancelled`…
    public var outcome: String
    /// A short reason for failures; never a secret.
    public var reason: String?

    public init(
        kind: Kind, time: Date = Date(), principal: String? = nil, clientAddress: String? = nil, transport: String? = nil,
        method: String? = nil, tool: String? = nil, targets: [String] = [], outcome: String, reason: String? = nil
    ) {
        self.kind = kind
        self.time = time
        self.principal = principal
        self.clientAddress = clientAddress
        self.transport = transport
        self.method = method
        self.tool = tool
        self.targets = targets
        self.outcome = outcome
        self.reason = reason
    }
}

/// Where audit events go. Recording must be quick (it runs on request paths) and must never fail
/// the request: a sink that cannot write reports that through its own logger.
public protocol AuditSink: Sendable {
    func record(_ event: AuditEvent) async
}

/// Drops every event (auditing off).
public struct DiscardingAuditSink: AuditSink {
    public init() {}
    public func record(_ event: AuditEvent) async {}
}
