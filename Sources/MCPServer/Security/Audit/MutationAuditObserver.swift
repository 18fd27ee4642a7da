import MCP

/// Turns every finished call of a mutating tool into a `mutation` audit event: principal, tool,
/// target ids (from the call's arguments), outcome (`ok`, `error`, `cancelled`) and time.
///
/// A tool is mutating when the ``AccessPolicy`` says calling it needs `write` or more (tools not
/// marked read-only, plus per-tool overrides). Install it next to the other observers:
///
/// ```swift
/// definition.audit = AuditLogFile(path: "/var/log/quire/audit.log")
/// let audit = MutationAuditObserver(definition: definition, transport: "http")
/// definition.observer = DispatchObserverFanOut([definition.observer, audit])
/// ```
public struct MutationAuditObserver: DispatchObserver {
    private let sink: any AuditSink
    private let mutating: Set<String>
    private let transport: String?

    /// An observer writing to `sink` for the tools in `tools` that `policy` counts as mutating.
    /// `transport` (`stdio`, `http`) is written on every event when given.
    public init(sink: any AuditSink, tools: [Tool], policy: AccessPolicy = AccessPolicy(), transport: String? = nil) {
        self.sink = sink
        self.mutating = Set(tools.filter { policy.permission(forTool: $0) >= .write }.map(\.name))
        self.transport = transport
    }

    /// An observer for `definition`'s tools under its access policy, writing to its audit sink.
    /// Build it after the tools and the policy are in place.
    public init(definition: ServerDefinition, transport: String? = nil) {
        self.init(sink: definition.audit, tools: definition.tools.tools, policy: definition.access, transport: transport)
    }

    /// Whether calls of `tool` are audited.
    public func audits(_ tool: String) -> Bool { mutating.contains(tool) }

    /// Records a `mutation` event when `record` is a call of a mutating tool.
    public func toolCallFinished(_ record: ToolCallRecord) async {
        guard mutating.contains(record.tool) else { return }
        let outcome = record.cancelled ? "cancelled" : record.isError ? "error" : "ok"
        await sink.record(AuditEvent(
            kind: .mutation, principal: record.principal, transport: transport, method: Method.toolsCall, tool: record.tool,
            targets: AuditTargets.extract(from: record.arguments), outcome: outcome,
            reason: record.errorCode.map { "error code \($0)" }
        ))
    }
}
