import Hummingbird
import HTTPTypes
import MCP
import NIOCore

/// `/ready`, `/metrics` and `/openapi.json`: what a deployment asks the server about itself.
struct OperationalRoutes: Sendable {
    let lifecycle: ServerLifecycle
    let metrics: ServerMetrics
    let streams: StreamTracker
    let sessions: SessionRegistry
    let legacySSE: LegacySSEEndpoint
    let providers: [any HTTPRouteProvider]
    /// Built once: it only depends on what is registered at start.
    let openAPI: [UInt8]

    init(
        lifecycle: ServerLifecycle, metrics: ServerMetrics, streams: StreamTracker, sessions: SessionRegistry,
        legacySSE: LegacySSEEndpoint, providers: [any HTTPRouteProvider], info: Implementation
    ) {
        self.lifecycle = lifecycle
        self.metrics = metrics
        self.streams = streams
        self.sessions = sessions
        self.legacySSE = legacySSE
        self.providers = providers
        self.openAPI = OpenAPIDocument.build(title: info.title ?? info.name, version: info.version, providers: providers).serialized(pretty: true)
    }

    func add(to router: Router<MCPRequestContext>) {
        router.get("/ready") { _, _ in await ready() }
        router.get("/metrics") { _, _ in await metricsText() }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }

    /// 200 when nothing stands in the way of serving; 503 with the first reason otherwise.
    func ready() async -> Response {
        var problem: String? = lifecycle.isDraining ? "draining: the server is shutting down" : nil
        for provider in providers where problem == nil {
            problem = await provider.readinessProblem()
        }
        guard let problem else { return HTTPReplies.json(["status": "ready"]) }
        return HTTPReplies.json(["status": "not_ready", "reason": .string(problem)], status: .serviceUnavailable, headers: [.cacheControl: "no-store"])
    }

    func metricsText() async -> Response {
        let help = "Live MCP sessions by transport."
        metrics.setGauge("mcp_sessions", labels: [("transport", "streamable_http")], help: help, to: Double(await sessions.count))
        metrics.setGauge("mcp_sessions", labels: [("transport", "sse")], help: help, to: Double(await legacySSE.count))
        metrics.setGauge("mcp_open_streams", help: "Open server-sent event streams.", to: Double(streams.count))
        metrics.setGauge("mcp_draining", help: "1 while the server is shutting down.", to: lifecycle.isDraining ? 1 : 0)
        for provider in providers { await provider.refreshMetrics(metrics) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render()))
        )
    }
}
