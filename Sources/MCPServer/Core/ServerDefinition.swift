import MCP

/// What a server offers: its identity and its tools, resources and prompts.
public struct ServerDefinition: Sendable {
    public var info: Implementation
    public var instructions: String?
    public var tools = ToolRegistry()
    public var resources = ResourceRegistry()
    public var prompts = PromptRegistry()
    /// Sends resource updates to subscribed sessions; when set, `resources/subscribe` is offered.
    public var resourceSubscriptions: (any ResourceSubscriptionListener)?
    /// How long 2026-07-28 clients may cache list results (`ttlMs`).
    public var listTTLMilliseconds = 60_000
    /// Told about every finished tool call (usage logs, metrics).
    public var observer: (any DispatchObserver)?
    /// Which scopes each request needs. Principals holding `*` (stdio's local user, HTTP without
    /// authentication) pass every check.
    public var access = AccessPolicy()
    /// Where refusals by ``access`` are recorded.
    public var audit: any AuditSink = DiscardingAuditSink()

    public init(info: Implementation, instructions: String? = nil) {
        self.info = info
        self.instructions = instructions
    }

    /// The capabilities these registries add up to.
    public var capabilities: ServerCapabilities {
        ServerCapabilities(
            tools: tools.isEmpty ? nil : .init(listChanged: false),
            resources: resources.isEmpty ? nil : .init(subscribe: resourceSubscriptions != nil, listChanged: false),
            prompts: prompts.isEmpty ? nil : .init(listChanged: false),
            logging: .object([:]),
            completions: resources.templates.contains { $0.completer != nil } ? .object([:]) : nil
        )
    }
}
